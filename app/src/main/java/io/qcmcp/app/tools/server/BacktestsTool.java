package io.qcmcp.app.tools.server;

import io.qcmcp.app.tools.ServerTool;
import io.qcmcp.client.generated.api.BacktestsApi;

/** A server tool of the spec's Backtests tag: it is offered with the backtests toolset. */
interface BacktestsTool extends ServerTool {

    @Override
    default String toolset() {
        return BacktestsApi.TOOLSET;
    }
}
