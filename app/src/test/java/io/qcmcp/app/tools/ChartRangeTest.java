package io.qcmcp.app.tools;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.support.SdkSession;
import io.qcmcp.app.support.WithFakeQuantConnect;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuantConnect answers a chart read without start and end with one point per series, so the server fills them
 * (x-mcp-range): a backtest's period from read_backtest, a live algorithm's launch to now from
 * read_live_algorithm, a day wider at the start. The fake answers only the exact bodies below.
 */
class ChartRangeTest {

    @RegisterExtension
    static final WithFakeQuantConnect<SdkSession> SETUP = WithFakeQuantConnect.sdk(SdkSession::fastPolling);

    private static final String BACKTEST_ID = "26c7bb06b8487cff1c7b3c44652b30f1";
    /** read_backtest.json's backtestStart (2024-01-02) less a day, and its backtestEnd (2024-12-31) plus a day. */
    private static final long START = 1704067200L;
    private static final long END = 1735689600L;
    private static final String CHART = "{\"chart\":{\"name\":\"Strategy Equity\",\"series\":{}},\"success\":true}";

    private static String backtestRead(int projectId) {
        return "{\"projectId\":" + projectId + ",\"backtestId\":\"" + BACKTEST_ID + "\"}";
    }

    private static String chartRead(int projectId, long start, String end) {
        return "{\"projectId\":" + projectId + ",\"backtestId\":\"" + BACKTEST_ID + "\",\"name\":\"Strategy Equity\","
                + "\"count\":50,\"start\":" + start + ",\"end\":" + end + "}";
    }

    @Test
    @DisplayName("read_backtest_chart without start and end reads the backtest's period, a day wider at the start")
    void backtestPeriodFilled() {
        int project = 401;
        SETUP.quantConnect().answer("/backtests/read", backtestRead(project),
                qc("read_backtest.json").replace("2134567", String.valueOf(project)));
        SETUP.quantConnect().answer("/backtests/chart/read", chartRead(project, START, String.valueOf(END)), CHART);
        CallToolResult result = SETUP.server().call("read_backtest_chart", Map.of("projectId", project,
                "backtestId", BACKTEST_ID, "name", "Strategy Equity", "count", 50));
        assertFalse(result.isError(), SdkSession.text(result));
        assertEquals("Strategy Equity", ((Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("chart")).get("name"));
    }

    @Test
    @DisplayName("A range the caller gives is sent as it is, without reading the backtest")
    void givenRangeKept() {
        int project = 402;
        SETUP.quantConnect().answer("/backtests/chart/read", chartRead(project, 100, "200"), CHART);
        CallToolResult result = SETUP.server().call("read_backtest_chart", Map.of("projectId", project,
                "backtestId", BACKTEST_ID, "name", "Strategy Equity", "count", 50, "start", 100, "end", 200));
        assertFalse(result.isError(), SdkSession.text(result));
        assertTrue(SETUP.quantConnect().requests("/backtests/read").stream()
                .noneMatch(request -> request.getBodyAsString().contains("\"projectId\":" + project)));
    }

    @Test
    @DisplayName("read_live_chart without a range reads from the algorithm's launch, less a day, to now")
    void liveLaunchToNow() {
        int project = 403;
        SETUP.quantConnect().answer("/live/read", "{\"projectId\":" + project + "}", "{\"projectId\":" + project
                + ",\"deployId\":\"L-abc\",\"status\":\"Running\",\"launched\":\"2026-11-30 14:00:00\",\"success\":true}");
        long launched = 1796047200L;
        SETUP.quantConnect().answer("/live/chart/read", "{\"projectId\":" + project + ",\"name\":\"Strategy Equity\","
                + "\"count\":50,\"start\":" + (launched - 86_400) + ",\"end\":\"${json-unit.any-number}\"}", CHART);
        long before = System.currentTimeMillis() / 1000;
        CallToolResult result = SETUP.server().call("read_live_chart", Map.of("projectId", project,
                "name", "Strategy Equity", "count", 50));
        assertFalse(result.isError(), SdkSession.text(result));
        String sent = SETUP.quantConnect().requests("/live/chart/read").get(0).getBodyAsString();
        long end = Long.parseLong(sent.replaceAll(".*\"end\":(\\d+).*", "$1"));
        assertTrue(end >= before && end <= System.currentTimeMillis() / 1000 + 1, sent);
    }

    @Test
    @DisplayName("When the backtest cannot be read, the chart read says why instead of asking for one point")
    void unreadableBacktest() {
        int project = 404;
        SETUP.quantConnect().answer("/backtests/read", backtestRead(project),
                "{\"success\":false,\"errors\":[\"Backtest not found\"]}");
        CallToolResult result = SETUP.server().call("read_backtest_chart", Map.of("projectId", project,
                "backtestId", BACKTEST_ID, "name", "Strategy Equity", "count", 50));
        assertTrue(result.isError());
        assertTrue(SdkSession.text(result).contains("Backtest not found"), SdkSession.text(result));
        assertTrue(SETUP.quantConnect().requests("/backtests/chart/read").stream()
                .noneMatch(request -> request.getBodyAsString().contains("\"projectId\":" + project)));
    }
}
