package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;

/**
 * A tool the server provides itself, beside the ones generated from the spec: it either needs no
 * QuantConnect call (version, health) or shapes several (the reduced backtest, the backtest loop, the plot).
 */
public interface ServerTool {

    /** The toolset of the server's own tools (version, health): listed whatever toolsets are enabled. */
    String SERVER = "server";

    SyncToolSpecification specification();

    /** The toolset the tool belongs to: one named after a tag of the spec, or {@link #SERVER} (the default). */
    default String toolset() {
        return SERVER;
    }
}
