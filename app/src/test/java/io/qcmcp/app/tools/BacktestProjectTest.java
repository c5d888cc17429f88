package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.SdkSession;
import io.qcmcp.app.support.SkippingTicker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backtest_project through the SDK client against the fake QuantConnect: compile, wait for the build, start the
 * backtest, wait for it, answer the reduced result; build and runtime errors as isError; when time runs out, the
 * ids, the progress and the next call. Each test uses its own project id, so the fake's answers do not mix.
 */
class BacktestProjectTest {

    @RegisterExtension
    static final WithFakeQuantConnect<SdkSession> SETUP = WithFakeQuantConnect.sdk(SdkSession::fastPolling);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COMPILE_ID = "c0ffee00c0ffee00c0ffee00c0ffee00-a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6";
    private static final String BACKTEST_ID = "26c7bb06b8487cff1c7b3c44652b30f1";
    /** 2024-01-02 and the day after 2024-12-31, the simulated period of read_backtest.json, in Unix seconds. */
    static final long START = 1704153600L;
    static final long END = 1735689600L;

    /** A fixture with the project id of one test. */
    private static String qcFor(int projectId, String fixture) {
        return qc(fixture).replace("2134567", String.valueOf(projectId));
    }

    private static void compiles(int projectId, String... reads) {
        SETUP.quantConnect().answer("/compile/create", "{\"projectId\":" + projectId + "}", qcFor(projectId, "create_compile.json"));
        String[] answers = new String[reads.length];
        for (int i = 0; i < reads.length; i++) {
            answers[i] = qcFor(projectId, reads[i]);
        }
        SETUP.quantConnect().answerInTurn("/compile/read", "{\"projectId\":" + projectId + ",\"compileId\":\"" + COMPILE_ID + "\"}",
                answers);
    }

    private static void backtests(int projectId, String name, String... reads) {
        SETUP.quantConnect().answer("/backtests/create", "{\"projectId\":" + projectId + ",\"compileId\":\"" + COMPILE_ID
                + "\",\"backtestName\":\"" + name + "\"}", qcFor(projectId, "create_backtest.json"));
        SETUP.quantConnect().answerInTurn("/backtests/read", backtestRead(projectId), reads);
    }

    private static String backtestRead(int projectId) {
        return "{\"projectId\":" + projectId + ",\"backtestId\":\"" + BACKTEST_ID + "\"}";
    }

    /**
     * The body of read_backtest_chart for the equity of read_backtest.json's backtest, in {@code count} points: from
     * a day before its start, so that the first sample of an algorithm east of UTC (before midnight UTC) is kept.
     */
    static String chartRead(int projectId, int count) {
        return "{\"projectId\":" + projectId + ",\"backtestId\":\"" + BACKTEST_ID + "\",\"name\":\"Strategy Equity\","
                + "\"count\":" + count + ",\"start\":" + (START - 86_400) + ",\"end\":" + END + "}";
    }

    /** A Strategy Equity chart that has the series {@code names}, each of two points, and no Equity series. */
    static String chartWithout(String... names) throws Exception {
        Map<String, Object> series = new LinkedHashMap<>();
        for (String name : names) {
            series.put(name, Map.of("name", name, "values", List.of(List.of(START, 400.0), List.of(START + 86_400, 404.0))));
        }
        return JSON.writeValueAsString(Map.of("chart", Map.of("name", "Strategy Equity", "series", series),
                "success", true, "errors", List.of()));
    }

    /** An equity chart of {@code points} daily points: up 20% to its middle, then 10% down from there. */
    static String equityChart(long start, int points) throws Exception {
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            double equity = i <= points / 2 ? 100_000 + 20_000.0 * i / (points / 2)
                    : 120_000 - 12_000.0 * (i - points / 2) / (points - 1 - points / 2);
            values.add(List.of(start + 86_400L * i, equity));
        }
        values.add(1, java.util.Arrays.asList(start + 43_200L, null));
        Map<String, Object> series = Map.of("Equity", Map.of("name", "Equity", "unit", "$", "values", values));
        return JSON.writeValueAsString(Map.of("chart", Map.of("name", "Strategy Equity", "series", series),
                "success", true, "errors", List.of()));
    }

    /** read_backtest.json as a real finished backtest answers it: with hundreds of orders and closed trades. */
    @SuppressWarnings("unchecked")
    private static String bigBacktest(int projectId) throws Exception {
        Map<String, Object> answer = JSON.readValue(qcFor(projectId, "read_backtest.json"), Map.class);
        Map<String, Object> backtest = (Map<String, Object>) answer.get("backtest");
        Map<String, Object> orders = new LinkedHashMap<>();
        List<Object> trades = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            orders.put(String.valueOf(i), Map.of("id", i, "symbol", Map.of("value", "SPY"), "quantity", 10,
                    "price", 470.12, "securityType", 1, "time", "2024-03-01 14:31:00", "status", 3));
            trades.add(Map.of("symbols", List.of(Map.of("value", "SPY")), "entryTime", "2024-03-01 14:31:00",
                    "exitTime", "2024-03-05 14:31:00", "quantity", 10, "profitLoss", 12.5));
        }
        backtest.put("orders", orders);
        ((Map<String, Object>) backtest.get("totalPerformance")).put("closedTrades", trades);
        return JSON.writeValueAsString(answer);
    }

    @Test
    @DisplayName("One call compiles, waits, backtests, waits and answers statistics, an equity summary and the ids")
    void finishes() throws Exception {
        int project = 101;
        compiles(project, "read_compile_in_queue.json", "read_compile.json");
        String done = bigBacktest(project);
        backtests(project, "Momentum v2", qcFor(project, "create_backtest.json"),
                qcFor(project, "read_backtest_running.json"), done);
        SETUP.quantConnect().answerInTurn("/backtests/chart/read", chartRead(project, 100),
                "{\"progress\":0.5,\"status\":\"loading\",\"success\":true,\"errors\":[]}", equityChart(START, 101));

        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project,
                "backtestName", "Momentum v2", "waitSeconds", 15));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        assertEquals(COMPILE_ID, body.get("compileId"));
        assertEquals(BACKTEST_ID, body.get("backtestId"));
        assertEquals("Completed.", body.get("status"));
        assertEquals("12.345%", ((Map<?, ?>) body.get("statistics")).get("Net Profit"));
        assertEquals("$112,345.00", ((Map<?, ?>) body.get("runtimeStatistics")).get("Equity"));
        assertEquals("2024-01-02T00:00:00Z", body.get("backtestStart"));
        Map<?, ?> equity = (Map<?, ?>) body.get("equity");
        assertEquals(100000.0, equity.get("start"));
        assertEquals(120000.0, equity.get("high"));
        assertEquals(108000.0, equity.get("end"));
        assertEquals(-10.0, equity.get("maxDrawdownPercent"));
        assertEquals(8.0, equity.get("returnPercent"));
        assertEquals("2024-01-02", equity.get("from"));
        assertEquals(12, ((List<?>) equity.get("samples")).size());
        assertFalse(body.containsKey("orders") || body.containsKey("charts") || body.containsKey("totalPerformance"));

        CallToolResult full = SETUP.server().call("read_backtest", Map.of("projectId", project, "backtestId", BACKTEST_ID));
        int reduced = SdkSession.text(result).length();
        int whole = SdkSession.text(full).length();
        System.out.println("backtest_project answer: " + reduced + " characters; read_backtest: " + whole);
        assertTrue(reduced * 10 < whole, reduced + " vs " + whole);
        assertEquals(2, SETUP.quantConnect().requests("/backtests/chart/read").size(), "asked again while loading");
    }

    @Test
    @DisplayName("A build error is an isError result with the compiler's errors as file:line: message lines")
    void buildError() {
        int project = 102;
        compiles(project, "read_compile_in_queue.json", "read_compile_build_error.json");
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project));
        assertTrue(result.isError());
        String text = SdkSession.text(result);
        assertTrue(text.contains("\nmain.py:12: NameError: name 'smaa' is not defined\n"
                + "alpha/signals.py:3: SyntaxError: invalid syntax\n"), text);
        assertFalse(text.contains("Warning") || text.contains("Build Request Successful"), text);
        assertEquals(List.of("main.py:12: NameError: name 'smaa' is not defined",
                "alpha/signals.py:3: SyntaxError: invalid syntax"), ((Map<?, ?>) result.structuredContent()).get("errors"));
        assertTrue(SETUP.quantConnect().requests("/backtests/create").stream()
                .noneMatch(request -> request.getBodyAsString().contains("\"projectId\":" + project)));
    }

    @Test
    @DisplayName("When the wait is over during the backtest, the answer gives the ids, the progress and the next call")
    void backtestStillRunning() {
        int project = 103;
        compiles(project, "read_compile.json");
        backtests(project, "Slow", qcFor(project, "read_backtest_running.json"));
        SkippingTicker ticker = SETUP.server().ticker();
        long start = ticker.nanoTime();
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project, "backtestName", "Slow",
                "waitSeconds", 2));
        long millis = (ticker.nanoTime() - start) / 1_000_000;
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        assertEquals(COMPILE_ID, body.get("compileId"));
        assertEquals(BACKTEST_ID, body.get("backtestId"));
        assertEquals(0.45, body.get("progress"));
        assertEquals("Running: 45%", body.get("status"));
        assertEquals(false, body.get("completed"));
        assertEquals(Map.of("tool", "read_backtest_reduced", "arguments", Map.of("projectId", project,
                "backtestId", BACKTEST_ID, "waitSeconds", 20)), body.get("nextCall"));
        assertTrue(millis >= 2000, millis + " ms on the server's time for waitSeconds 2");
    }

    @Test
    @DisplayName("Without waitSeconds it waits as long as the request may take, and answers before the deadline")
    void boundedByDeadline() {
        int project = 107;
        compiles(project, "read_compile.json");
        backtests(project, "Long", qcFor(project, "read_backtest_running.json"));
        Map<String, Object> properties = new HashMap<>(SdkSession.fastPolling(SETUP.quantConnect()));
        properties.put("quantconnect.request-budget", "5s");
        try (SdkSession shortBudget = new SdkSession(properties)) {
            SkippingTicker ticker = shortBudget.ticker();
            long start = ticker.nanoTime();
            CallToolResult result = shortBudget.call("backtest_project", Map.of("projectId", project,
                    "backtestName", "Long"));
            long millis = (ticker.nanoTime() - start) / 1_000_000;
            long paused = ticker.skipped().toMillis();
            assertFalse(result.isError(), SdkSession.text(result));
            assertEquals("read_backtest_reduced", ((Map<?, ?>) ((Map<?, ?>) result.structuredContent())
                    .get("nextCall")).get("tool"));
            assertTrue(millis >= 2500, millis + " ms on the server's time with a 5 s budget");
            assertTrue(paused <= 3000, "paused " + paused + " ms: the 5 s budget less one last read");
        }
    }

    @Test
    @DisplayName("When the wait is over during the build, the next call is backtest_project with the compile, which "
            + "then does not compile again")
    void buildStillQueued() {
        int project = 104;
        compiles(project, "read_compile_in_queue.json", "read_compile_in_queue.json", "read_compile_in_queue.json",
                "read_compile.json");
        CallToolResult first = SETUP.server().call("backtest_project", Map.of("projectId", project, "backtestName", "Queued",
                "waitSeconds", 0));
        assertFalse(first.isError(), SdkSession.text(first));
        Map<?, ?> next = (Map<?, ?>) ((Map<?, ?>) first.structuredContent()).get("nextCall");
        assertEquals("backtest_project", next.get("tool"));
        Map<?, ?> arguments = (Map<?, ?>) next.get("arguments");
        assertEquals(Map.of("projectId", project, "backtestName", "Queued", "compileId", COMPILE_ID, "waitSeconds", 20),
                arguments);

        backtests(project, "Queued", qc("read_backtest.json").replace("2134567", String.valueOf(project)));
        SETUP.quantConnect().answer("/backtests/chart/read", chartRead(project, 100),
                "{\"success\":false,\"errors\":[\"Chart not found\"]}");
        @SuppressWarnings("unchecked")
        CallToolResult second = SETUP.server().call("backtest_project", (Map<String, Object>) arguments);
        assertFalse(second.isError(), SdkSession.text(second));
        assertEquals(BACKTEST_ID, ((Map<?, ?>) second.structuredContent()).get("backtestId"));
        assertTrue(((Map<?, ?>) ((Map<?, ?>) second.structuredContent()).get("equity")).containsKey("note"));
        assertEquals(1, SETUP.quantConnect().requests("/compile/create").stream()
                .filter(request -> request.getBodyAsString().contains("\"projectId\":" + project)).count());
    }

    @Test
    @DisplayName("A backtest that stops on a runtime error is an isError result with the error and its stack trace")
    void runtimeError() throws Exception {
        int project = 105;
        compiles(project, "read_compile.json");
        Map<?, ?> drift = JSON.readValue(qc("drift/read_backtest_runtime_error.json"), Map.class);
        String failed = JSON.writeValueAsString(drift.get("response")).replace("0123456789abcdef0123456789abcdef",
                BACKTEST_ID).replace("2134567", String.valueOf(project));
        backtests(project, "Broken", failed);
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project, "backtestName", "Broken"));
        assertTrue(result.isError());
        String text = SdkSession.text(result);
        assertTrue(text.contains("Runtime Error") && text.contains("Trying to dynamically access a method")
                && text.contains("in main.py: line 12") && text.contains(BACKTEST_ID), text);
    }

    @Test
    @DisplayName("Without backtestName the backtest gets a name made from the time")
    void generatedName() throws Exception {
        int project = 106;
        compiles(project, "read_compile.json");
        SETUP.quantConnect().answerRaw("/backtests/create", 200, "application/json", qcFor(project, "create_backtest.json"));
        SETUP.quantConnect().answerInTurn("/backtests/read", backtestRead(project), qcFor(project, "read_backtest_running.json"));
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project, "waitSeconds", 0));
        assertFalse(result.isError(), SdkSession.text(result));
        String body = SETUP.quantConnect().requests("/backtests/create").stream().map(request -> request.getBodyAsString())
                .filter(json -> json.contains("\"projectId\":" + project)).findFirst().orElseThrow();
        Map<?, ?> sent = JSON.readValue(body, Map.class);
        assertTrue(String.valueOf(sent.get("backtestName")).matches("MCP \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
                sent.toString());
        assertEquals(Map.of("projectId", project, "compileId", COMPILE_ID), Map.of("projectId", sent.get("projectId"),
                "compileId", sent.get("compileId")));
    }

    @Test
    @DisplayName("Without an Equity series in the Strategy Equity chart, the summary says so instead of summing up another")
    void noEquitySeries() throws Exception {
        int project = 108;
        compiles(project, "read_compile.json");
        backtests(project, "No equity", qcFor(project, "read_backtest.json"));
        SETUP.quantConnect().answer("/backtests/chart/read", chartRead(project, 100), chartWithout("Benchmark", "Return"));
        CallToolResult result = SETUP.server().call("backtest_project", Map.of("projectId", project,
                "backtestName", "No equity"));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> equity = (Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("equity");
        assertEquals(List.of("note"), List.copyOf(equity.keySet()), String.valueOf(equity));
        String note = String.valueOf(equity.get("note"));
        assertTrue(note.contains("no Equity series") && note.contains("Benchmark, Return"), note);
    }
}
