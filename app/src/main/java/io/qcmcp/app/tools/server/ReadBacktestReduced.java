package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.qcmcp.app.tools.ToolCatalog;
import io.qcmcp.app.tools.ToolResults;
import io.qcmcp.app.tools.Waiting;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.generated.api.BacktestsApi;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code read_backtest_reduced}: the backtest without its heavy parts (charts, orders, rolling window,
 * closed trades), the view an assistant should read first. With {@code waitSeconds} it waits for the
 * backtest's results, as the spec's {@code x-mcp-wait} of /backtests/read says (see {@link Waiting}).
 */
@Singleton
record ReadBacktestReduced(QuantConnectClient client, ToolResults results, Waiting waiting) implements BacktestsTool {

    static final List<String> HEAVY = List.of("charts", "orders", "rollingWindow");

    @Override
    public SyncToolSpecification specification() {
        McpSchema.Tool tool = McpSchema.Tool.builder("read_backtest_reduced",
                        Waiting.withArgument(BacktestsApi.READ_BACKTEST.input().toInputSchema()))
                .title("Read backtest summary")
                .description("Read a backtest's status, statistics and errors without charts, orders, rolling "
                        + "window or closed trades. Use this first; read_backtest returns everything.")
                .annotations(ToolCatalog.annotations(BacktestsApi.READ_BACKTEST.hints()))
                .build();
        return Tools.withDeadline(tool, (arguments, deadline) -> results.from(tool.name(),
                waiting.read(tool.name(), BacktestsApi.READ_BACKTEST.waitFor(), arguments, deadline,
                        (asked, reads) -> client.call(BacktestsApi.READ_BACKTEST, asked, reads),
                        ReadBacktestReduced::reduced)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> reduced(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (copy.get("backtest") instanceof Map<?, ?> backtest) {
            Map<String, Object> slim = new LinkedHashMap<>((Map<String, Object>) backtest);
            HEAVY.forEach(slim::remove);
            if (slim.get("totalPerformance") instanceof Map<?, ?> performance) {
                Map<String, Object> slimPerformance = new LinkedHashMap<>((Map<String, Object>) performance);
                slimPerformance.remove("closedTrades");
                slim.put("totalPerformance", slimPerformance);
            }
            copy.put("backtest", slim);
        }
        return copy;
    }
}
