package io.qcmcp.app.tools;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.SdkSession;
import io.qcmcp.app.support.SkippingTicker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code waitSeconds} on read_compile (from the spec's x-mcp-wait) and read_backtest_reduced, through the SDK
 * client: the server asks QuantConnect again until the job has settled, never sends {@code waitSeconds} on
 * (the fake answers only the exact body), and stops at the wait's end or the request's deadline.
 */
class WaitSecondsTest {

    @RegisterExtension
    static final WithFakeQuantConnect<SdkSession> SETUP = WithFakeQuantConnect.sdk(
            quantConnect -> properties(quantConnect, "25s"));

    private static final String BACKTEST_ID = "26c7bb06b8487cff1c7b3c44652b30f1";

    static Map<String, Object> properties(FakeQuantConnect quantConnect, String budget) {
        Map<String, Object> properties = new HashMap<>(SdkSession.fastPolling(quantConnect));
        properties.put("quantconnect.request-budget", budget);
        return properties;
    }

    @Test
    @DisplayName("The reads of jobs offer waitSeconds; the tools that start jobs, and reads of what does not change, do not")
    void schema() {
        Map<String, Tool> tools = new HashMap<>();
        SETUP.server().tools().forEach(tool -> tools.put(tool.name(), tool));
        for (String waiting : List.of("read_compile", "read_backtest_reduced", "read_backtest", "read_backtest_chart",
                "read_live_chart")) {
            Map<?, ?> property = (Map<?, ?>) ((Map<?, ?>) tools.get(waiting).inputSchema().get("properties"))
                    .get("waitSeconds");
            assertEquals("integer", property.get("type"), waiting);
            assertEquals(0, property.get("minimum"), waiting);
            assertFalse(((List<?>) tools.get(waiting).inputSchema().getOrDefault("required", List.of()))
                    .contains("waitSeconds"), waiting);
        }
        for (String starting : List.of("create_compile", "create_backtest", "read_backtest_orders")) {
            assertFalse(((Map<?, ?>) tools.get(starting).inputSchema().get("properties")).containsKey("waitSeconds"),
                    starting);
        }
    }

    @Test
    @DisplayName("read_compile with waitSeconds asks again until BuildSuccess, and sends QuantConnect only its own fields")
    void compileSettles() {
        String body = compileRead("c1");
        SETUP.quantConnect().answerInTurn("/compile/read", body, qc("read_compile_in_queue.json"),
                qc("read_compile_in_queue.json"), qc("read_compile.json"));
        CallToolResult result = SETUP.server().call("read_compile", Map.of("projectId", 2134567, "compileId", "c1",
                "waitSeconds", 10));
        assertFalse(result.isError(), SdkSession.text(result));
        assertEquals("BuildSuccess", ((Map<?, ?>) result.structuredContent()).get("state"));
        assertEquals(3, reads("/compile/read", "c1"));
    }

    @Test
    @DisplayName("read_compile without waitSeconds reads once, as before")
    void compileOnce() {
        String body = compileRead("c2");
        SETUP.quantConnect().answerInTurn("/compile/read", body, qc("read_compile_in_queue.json"), qc("read_compile.json"));
        CallToolResult result = SETUP.server().call("read_compile", Map.of("projectId", 2134567, "compileId", "c2"));
        assertEquals("InQueue", ((Map<?, ?>) result.structuredContent()).get("state"));
        assertEquals(1, reads("/compile/read", "c2"));
    }

    @Test
    @DisplayName("When waitSeconds runs out the last answer comes back, after a few reads rather than a stream of them")
    void waitRunsOut() {
        SETUP.quantConnect().answerInTurn("/compile/read", compileRead("c3"), qc("read_compile_in_queue.json"));
        SkippingTicker ticker = SETUP.server().ticker();
        long start = ticker.nanoTime();
        Duration skippedBefore = ticker.skipped();
        CallToolResult result = SETUP.server().call("read_compile", Map.of("projectId", 2134567, "compileId", "c3",
                "waitSeconds", 1));
        long millis = (ticker.nanoTime() - start) / 1_000_000;
        long paused = ticker.skipped().minus(skippedBefore).toMillis();
        assertFalse(result.isError(), SdkSession.text(result));
        assertEquals("InQueue", ((Map<?, ?>) result.structuredContent()).get("state"));
        assertTrue(millis >= 1000, millis + " ms on the server's time");
        assertTrue(paused <= 1000, "paused " + paused + " ms, never past the 1 s asked for");
        int reads = reads("/compile/read", "c3");
        assertTrue(reads >= 3 && reads <= 8, reads + " reads in 1 s with a first pause of 100 ms");
    }

    @Test
    @DisplayName("read_backtest_reduced with waitSeconds waits for completed and answers the reduced backtest")
    void backtestCompletes() {
        String body = "{\"projectId\":2134567,\"backtestId\":\"" + BACKTEST_ID + "\"}";
        SETUP.quantConnect().answerInTurn("/backtests/read", body, qc("create_backtest.json"), qc("read_backtest_running.json"),
                qc("read_backtest.json"));
        CallToolResult result = SETUP.server().call("read_backtest_reduced", Map.of("projectId", 2134567,
                "backtestId", BACKTEST_ID, "waitSeconds", 10));
        assertFalse(result.isError(), SdkSession.text(result));
        Map<?, ?> backtest = (Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("backtest");
        assertEquals(true, backtest.get("completed"));
        assertEquals("12.345%", ((Map<?, ?>) backtest.get("statistics")).get("Net Profit"));
        assertFalse(backtest.containsKey("charts"));
        assertEquals(3, SETUP.quantConnect().requests("/backtests/read").stream()
                .filter(request -> request.getBodyAsString().contains(BACKTEST_ID)).count());
    }

    @Test
    @DisplayName("A wait longer than the request may take ends before the request's deadline")
    void boundedByDeadline() {
        SETUP.quantConnect().answerInTurn("/compile/read", compileRead("c4"), qc("read_compile_in_queue.json"));
        try (SdkSession shortBudget = new SdkSession(properties(SETUP.quantConnect(), "4s"))) {
            SkippingTicker ticker = shortBudget.ticker();
            long start = ticker.nanoTime();
            CallToolResult result = shortBudget.call("read_compile", Map.of("projectId", 2134567, "compileId", "c4",
                    "waitSeconds", 600));
            long millis = (ticker.nanoTime() - start) / 1_000_000;
            long paused = ticker.skipped().toMillis();
            assertFalse(result.isError(), SdkSession.text(result));
            assertEquals("InQueue", ((Map<?, ?>) result.structuredContent()).get("state"));
            assertTrue(millis >= 1500, millis + " ms on the server's time with a 4 s budget");
            assertTrue(paused <= 2000, "paused " + paused + " ms: the 4 s budget less one last read");
        }
    }

    private static String compileRead(String compileId) {
        return "{\"projectId\":2134567,\"compileId\":\"" + compileId + "\"}";
    }

    private static int reads(String path, String id) {
        return (int) SETUP.quantConnect().requests(path).stream()
                .filter(request -> request.getBodyAsString().contains("\"" + id + "\"")).count();
    }
}
