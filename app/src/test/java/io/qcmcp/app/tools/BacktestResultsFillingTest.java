package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.support.SdkSession;
import io.qcmcp.app.support.SkippingTicker;
import io.qcmcp.app.support.WithFakeQuantConnect;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuantConnect answers {@code completed: true} with {@code statistics: []} and {@code totalPerformance: null} for a
 * while before a backtest's results are filled in, and stops on {@code error} or {@code stacktrace} even while
 * {@code completed} is false (as lean-cli reads it). backtest_project and read_backtest_reduced wait through the
 * filling, stop on an error, and say so when the time runs out first. Each test uses its own project id.
 */
class BacktestResultsFillingTest {

    @RegisterExtension
    static final WithFakeQuantConnect<SdkSession> SETUP = WithFakeQuantConnect.sdk(SdkSession::fastPolling);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COMPILE_ID = "c0ffee00c0ffee00c0ffee00c0ffee00-a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6";
    private static final String BACKTEST_ID = "26c7bb06b8487cff1c7b3c44652b30f1";

    private static String forProject(int projectId, String json) {
        return json.replace("2134567", String.valueOf(projectId));
    }

    /** read_backtest.json as QuantConnect answers it just after completing: results not filled in yet. */
    @SuppressWarnings("unchecked")
    private static String filling(int projectId) throws Exception {
        Map<String, Object> answer = JSON.readValue(forProject(projectId, qc("read_backtest.json")), Map.class);
        Map<String, Object> backtest = (Map<String, Object>) answer.get("backtest");
        backtest.put("statistics", List.of());
        backtest.put("totalPerformance", null);
        backtest.put("charts", Map.of());
        return JSON.writeValueAsString(answer);
    }

    /** A backtest that stopped on an error while QuantConnect still reports it as not completed. */
    @SuppressWarnings("unchecked")
    private static String stopped(int projectId) throws Exception {
        Map<String, Object> answer = JSON.readValue(forProject(projectId, qc("read_backtest_running.json")), Map.class);
        Map<String, Object> backtest = (Map<String, Object>) answer.get("backtest");
        backtest.put("error", "Runtime Error: division by zero in OnData");
        backtest.put("stacktrace", "  at OnData in main.py: line 42");
        return JSON.writeValueAsString(answer);
    }

    private static void compilesAndStarts(int projectId, String... reads) {
        SETUP.quantConnect().answer("/compile/create", "{\"projectId\":" + projectId + "}",
                forProject(projectId, qc("create_compile.json")));
        SETUP.quantConnect().answer("/compile/read", "{\"projectId\":" + projectId + ",\"compileId\":\"" + COMPILE_ID
                + "\"}", forProject(projectId, qc("read_compile.json")));
        SETUP.quantConnect().answer("/backtests/create", "{\"projectId\":" + projectId + ",\"compileId\":\""
                + COMPILE_ID + "\",\"backtestName\":\"Filling\"}", forProject(projectId, qc("create_backtest.json")));
        SETUP.quantConnect().answerInTurn("/backtests/read", backtestRead(projectId), reads);
    }

    private static String backtestRead(int projectId) {
        return "{\"projectId\":" + projectId + ",\"backtestId\":\"" + BACKTEST_ID + "\"}";
    }

    private static long backtestReads(int projectId) {
        return SETUP.quantConnect().requests("/backtests/read").stream()
                .filter(request -> request.getBodyAsString().matches(".*\"projectId\":" + projectId + "[,}].*")).count();
    }

    @Test
    @DisplayName("backtest_project waits through completed-but-unfilled answers and returns the filled statistics")
    void backtestProjectWaitsForTheResults() throws Exception {
        int project = 301;
        compilesAndStarts(project, forProject(project, qc("read_backtest_running.json")), filling(project),
                filling(project), forProject(project, qc("read_backtest.json")));
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project,
                "backtestName", "Filling", "waitSeconds", 15));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        assertEquals("12.345%", ((Map<?, ?>) body.get("statistics")).get("Net Profit"), SdkSession.text(result));
        assertEquals(4, backtestReads(project));
    }

    @Test
    @DisplayName("When time runs out while the results are being filled, backtest_project says so, with the next call")
    void backtestProjectSaysTheResultsAreStillBeingFilled() throws Exception {
        int project = 302;
        compilesAndStarts(project, filling(project));
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project,
                "backtestName", "Filling", "waitSeconds", 1));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        assertEquals(false, body.get("completed"), SdkSession.text(result));
        assertNull(body.get("statistics"), "no empty statistics handed back as the result");
        assertTrue(String.valueOf(body.get("note")).contains("still filling in its results"), body.toString());
        Map<?, ?> next = (Map<?, ?>) body.get("nextCall");
        assertEquals("read_backtest_reduced", next.get("tool"));
        assertEquals(Map.of("projectId", project, "backtestId", BACKTEST_ID, "waitSeconds", 20), next.get("arguments"));
    }

    @Test
    @DisplayName("backtest_project stops on an error or stack trace even while completed is false")
    void backtestProjectStopsOnAnError() throws Exception {
        int project = 303;
        compilesAndStarts(project, stopped(project));
        SkippingTicker ticker = SETUP.server().ticker();
        java.time.Duration pausedBefore = ticker.skipped();
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project,
                "backtestName", "Filling", "waitSeconds", 10));
        assertTrue(result.isError(), SdkSession.text(result));
        assertTrue(SdkSession.text(result).contains("division by zero"), SdkSession.text(result));
        assertEquals(1, backtestReads(project), "no waiting on a backtest that stopped");
        assertEquals(pausedBefore, ticker.skipped(), "no pause after the read that showed the error");
    }

    @Test
    @DisplayName("read_backtest_reduced with waitSeconds waits through the filling")
    void readReducedWaitsForTheResults() throws Exception {
        int project = 304;
        SETUP.quantConnect().answerInTurn("/backtests/read", backtestRead(project), filling(project),
                forProject(project, qc("read_backtest.json")));
        CallToolResult result = SETUP.server().call("read_backtest_reduced", Map.of("projectId", project,
                "backtestId", BACKTEST_ID, "waitSeconds", 10));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        Map<?, ?> backtest = (Map<?, ?>) body.get("backtest");
        assertEquals("12.345%", ((Map<?, ?>) backtest.get("statistics")).get("Net Profit"));
        assertFalse(body.containsKey("settled"), "a settled answer is QuantConnect's own");
        assertEquals(2, backtestReads(project));
    }

    @Test
    @DisplayName("An answer that has not settled says so, with the call that waits for it")
    void unsettledAnswerSaysSo() throws Exception {
        int project = 305;
        SETUP.quantConnect().answer("/backtests/read", backtestRead(project), filling(project));
        CallToolResult result = SETUP.server().call("read_backtest_reduced", Map.of("projectId", project,
                "backtestId", BACKTEST_ID));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        assertEquals(false, body.get("settled"), SdkSession.text(result));
        Map<?, ?> next = (Map<?, ?>) body.get("nextCall");
        assertEquals("read_backtest_reduced", next.get("tool"));
        assertEquals(Map.of("projectId", project, "backtestId", BACKTEST_ID, "waitSeconds", 20), next.get("arguments"));
        assertEquals(1, backtestReads(project), "without waitSeconds, one read");
    }
}
