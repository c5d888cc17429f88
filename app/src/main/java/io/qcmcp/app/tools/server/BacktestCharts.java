package io.qcmcp.app.tools.server;

import io.qcmcp.app.tools.Waiting;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.generated.api.BacktestsApi;
import jakarta.inject.Singleton;

import java.util.Map;

/** Reads a backtest's equity chart, asking again while QuantConnect still prepares it
 * (the spec's {@code x-mcp-wait} of read_backtest_chart). */
@Singleton
final class BacktestCharts {

    private final QuantConnectClient client;
    private final Waiting waiting;

    BacktestCharts(QuantConnectClient client, Waiting waiting) {
        this.client = client;
        this.waiting = waiting;
    }

    /**
     * The answer of read_backtest_chart for the {@link EquityCurve} of {@code backtest} (a backtest object of
     * /backtests/read) in {@code count} points; while the chart is loading, asked again until {@code end}.
     */
    QuantConnectResponse equity(Object projectId, Object backtestId, Map<?, ?> backtest, int count, Deadline end,
                                Deadline deadline) {
        Map<String, Object> arguments = EquityCurve.request(projectId, backtestId, backtest, count);
        return waiting.until(BacktestsApi.READ_BACKTEST_CHART.waitFor(),
                () -> client.call(BacktestsApi.READ_BACKTEST_CHART, arguments, deadline), end);
    }
}
