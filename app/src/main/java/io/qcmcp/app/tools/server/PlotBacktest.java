package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.tools.ToolResults;
import io.qcmcp.app.tools.plot.EquityChart;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.QuantConnectResponse.Success;
import io.qcmcp.client.generated.api.BacktestsApi;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * {@code plot_backtest}: a finished backtest's equity curve and drawdown as a PNG ({@link EquityChart}), beside
 * a short text summary, for when a person would rather look than read. The picture is drawn only when asked
 * for: nothing of it is built or loaded at start.
 */
@Singleton
record PlotBacktest(QuantConnectClient client, BacktestCharts charts, ToolResults results)
        implements BacktestsTool {

    static final String NAME = "plot_backtest";
    /** Points of the equity chart asked of QuantConnect: about one per pixel column of the picture. */
    static final int POINTS = 400;
    /** Kept back from the deadline while the chart is prepared, to draw and answer. */
    static final Duration DRAWING = Duration.ofSeconds(1);
    private static final List<String> STATISTICS = List.of("Net Profit", "Compounding Annual Return", "Sharpe Ratio",
            "Drawdown", "Total Orders");

    @Override
    public SyncToolSpecification specification() {
        McpSchema.Tool tool = McpSchema.Tool.builder(NAME, BacktestsApi.READ_BACKTEST.input().toInputSchema())
                .title("Plot backtest")
                .description("Draw a finished backtest's equity curve and drawdown as a PNG image, with a short "
                        + "text summary.")
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, true, null))
                .build();
        return Tools.withDeadline(tool, this::plot);
    }

    CallToolResult plot(Map<String, Object> arguments, Deadline deadline) {
        Object projectId = arguments.get("projectId");
        Object backtestId = arguments.get("backtestId");
        QuantConnectResponse read = client.call(BacktestsApi.READ_BACKTEST,
                Map.of("projectId", projectId, "backtestId", backtestId), deadline);
        if (!(read instanceof Success success) || !(success.body().get("backtest") instanceof Map<?, ?> backtest)) {
            return results.from(BacktestsApi.READ_BACKTEST.name(), read instanceof Success
                    ? new QuantConnectResponse.Failed("QuantConnect's answer to /backtests/read lacks the backtest.")
                    : read);
        }
        if (!Boolean.TRUE.equals(backtest.get("completed"))) {
            return ToolResults.error("Backtest " + backtestId + " has not finished (" + backtest.get("status")
                    + "): wait for it with read_backtest_reduced and waitSeconds, then plot it.");
        }
        QuantConnectResponse chart = charts.equity(projectId, backtestId, backtest, POINTS,
                deadline.after(deadline.remaining().minus(DRAWING)), deadline);
        if (!(chart instanceof Success charted)) {
            return results.from(BacktestsApi.READ_BACKTEST_CHART.name(), chart);
        }
        Optional<String> missing = EquityCurve.missing(charted.body());
        if (missing.isPresent()) {
            return ToolResults.error("Backtest " + backtestId + " cannot be plotted: " + missing.get() + ".");
        }
        Optional<EquityCurve> curve = EquityCurve.of(charted.body());
        if (curve.isEmpty()) {
            return ToolResults.error("QuantConnect has no equity point with a finite value for backtest "
                    + backtestId + ("loading".equals(charted.body().get("status"))
                    ? " yet (the chart is still being prepared); try again in a few seconds." : "."));
        }
        return picture(backtest, curve.get(), deadline);
    }

    /**
     * The answer: the summary and the picture of {@code equity}. The drawing asks the deadline as it goes and
     * stops once it has passed, so the request ends with a clear isError rather than a late or cut answer.
     */
    static CallToolResult picture(Map<?, ?> backtest, EquityCurve equity, Deadline deadline) {
        Map<String, Object> summary = equity.summary(2);
        String caption = (summary.get("returnPercent") instanceof Number change
                ? String.format(Locale.ROOT, "Return %+.1f%%  ", change.doubleValue()) : "")
                + String.format(Locale.ROOT, "Max DD %.1f%%", ((Number) summary.get("maxDrawdownPercent")).doubleValue());
        byte[] png;
        try {
            png = EquityChart.png(equity.times(), equity.values(), equity.drawdowns(), caption,
                    () -> deadline.remaining().isZero());
        } catch (CancellationException stopped) {
            return ToolResults.error("Drawing the chart of backtest " + backtest.get("backtestId") + " ran out of "
                    + "the request's time (QuantConnect was slow to answer); call plot_backtest again.");
        }
        return CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(null, text(backtest, summary), null),
                        new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(png), "image/png", null)))
                .isError(false)
                .build();
    }

    private static String text(Map<?, ?> backtest, Map<String, Object> summary) {
        StringBuilder text = new StringBuilder();
        text.append(backtest.get("name")).append(" (").append(backtest.get("backtestId")).append("): equity ")
                .append(money(summary.get("start"))).append(" on ").append(summary.get("from")).append(" to ")
                .append(money(summary.get("end"))).append(" on ").append(summary.get("to"));
        if (summary.get("returnPercent") instanceof Number change) {
            text.append(String.format(Locale.ROOT, " (%+.2f%%)", change.doubleValue()));
        }
        text.append("; high ").append(money(summary.get("high"))).append(", low ").append(money(summary.get("low")))
                .append(String.format(Locale.ROOT, "; deepest drawdown %.2f%% (from the plotted points).",
                        ((Number) summary.get("maxDrawdownPercent")).doubleValue()));
        if (backtest.get("statistics") instanceof Map<?, ?> statistics) {
            StringBuilder listed = new StringBuilder();
            for (String name : STATISTICS) {
                if (statistics.get(name) != null) {
                    listed.append(listed.length() == 0 ? "" : ", ").append(name).append(' ').append(statistics.get(name));
                }
            }
            if (listed.length() > 0) {
                text.append(" QuantConnect's statistics: ").append(listed).append('.');
            }
        }
        return text.toString();
    }

    /** 112,345.00; an amount whose digits would not fit a line (from 1e15) as 1.0000E+15. */
    private static String money(Object amount) {
        if (!(amount instanceof Number number)) {
            return String.valueOf(amount);
        }
        double value = number.doubleValue();
        return String.format(Locale.ROOT, Math.abs(value) < 1e15 ? "%,.2f" : "%.4E", value);
    }
}
