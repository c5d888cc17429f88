package io.qcmcp.app.tools;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;

import java.util.List;

/**
 * A tool the server provides itself, beside the ones generated from the spec: it either needs no
 * QuantConnect call (version, health) or shapes several (the backtest loop, the plot). Its class holds all of
 * its behaviour; the {@link ToolRegistry} makes a {@link ToolDefinition} of it.
 */
public interface ServerTool {

    /** The toolset of the server's own tools (version, health): listed whatever toolsets are enabled. */
    String SERVER = "server";

    SyncToolSpecification specification();

    /** The toolset the tool belongs to: one named after a tag of the spec, or {@link #SERVER} (the default). */
    default String toolset() {
        return SERVER;
    }

    /** Other names callers send for this tool (another server's name for it), never listed. */
    default List<String> aliases() {
        return List.of();
    }

    /** The metric a successful call counts, or null. */
    default String metric() {
        return null;
    }

    /** Whether the tool also answers a bare JSON-RPC method of its name, as health checks send it. */
    default boolean bareMethod() {
        return false;
    }
}
