package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;

/**
 * A tool the server provides itself, beside the ones generated from the spec: it either needs no
 * QuantConnect call (version, health) or shapes one (the reduced backtest).
 */
public interface ServerTool {

    SyncToolSpecification specification();
}
