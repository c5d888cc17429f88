package io.qcmcp.client;

import io.qcmcp.client.generated.api.BacktestsApi;
import io.qcmcp.client.generated.api.CompileApi;
import io.qcmcp.client.generated.api.LiveApi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitTest {

    @Test
    @DisplayName("Each check tells a missing value from a null, an empty and a present one")
    void checks() {
        Map<String, Object> answer = new HashMap<>();
        answer.put("nothing", null);
        answer.put("empty", "");
        answer.put("none", List.of());
        answer.put("text", "x");
        answer.put("job", Map.of("done", true, "a/b", 1, "m~n", 2));
        assertTrue(Wait.present("/nothing").settled(answer));
        assertFalse(Wait.present("/missing").settled(answer));
        assertFalse(Wait.notNull("/nothing").settled(answer));
        assertTrue(Wait.notNull("/empty").settled(answer));
        assertFalse(Wait.notEmpty("/empty").settled(answer));
        assertFalse(Wait.notEmpty("/none").settled(answer));
        assertTrue(Wait.notEmpty("/text").settled(answer));
        assertTrue(Wait.equals("/job/done", "true").settled(answer));
        assertFalse(Wait.equals("/nothing", "null").settled(answer));
        assertTrue(Wait.type("/job", "object").settled(answer));
        assertFalse(Wait.type("/none", "object").settled(answer));
        assertTrue(Wait.type("/none", "array").settled(answer));
        assertTrue(Wait.equals("/job/a~1b", "1").settled(answer), "~1 is a slash");
        assertTrue(Wait.equals("/job/m~0n", "2").settled(answer), "~0 is a tilde");
        assertFalse(Wait.notNull("/text/deeper").settled(answer), "a pointer through a string leads nowhere");
        assertTrue(Wait.not(Wait.present("/missing")).settled(answer));
        assertTrue(Wait.anyOf(Wait.present("/missing"), Wait.notEmpty("/text")).settled(answer));
        assertFalse(Wait.allOf(Wait.present("/missing"), Wait.notEmpty("/text")).settled(answer));
        assertThrows(IllegalArgumentException.class, () -> Wait.notNull("state"));
        assertThrows(IllegalArgumentException.class, () -> Wait.type("/state", "integer"));
    }

    @Test
    @DisplayName("A backtest completed with its results still being filled has not settled; filled, or stopped on an error, it has")
    void backtestSettlesAsLeanCliReadsIt() {
        Wait done = BacktestsApi.READ_BACKTEST.waitFor();
        assertFalse(done.settled(backtest(Map.of("completed", false, "progress", 0.4, "status", "Running: 40%"))));
        Map<String, Object> filling = new HashMap<>(Map.of("completed", true, "statistics", List.of(),
                "runtimeStatistics", Map.of("Equity", "$100,000.00")));
        filling.put("totalPerformance", null);
        filling.put("error", null);
        assertFalse(done.settled(backtest(filling)), "completed, statistics [] and totalPerformance null");
        filling.put("statistics", Map.of("Sharpe Ratio", "1.2"));
        assertFalse(done.settled(backtest(filling)), "totalPerformance still null");
        filling.put("totalPerformance", Map.of("portfolioStatistics", Map.of()));
        assertTrue(done.settled(backtest(filling)));
        filling.remove("runtimeStatistics");
        assertFalse(done.settled(backtest(filling)), "runtimeStatistics missing");
        assertTrue(done.settled(backtest(Map.of("completed", false, "error", "Runtime Error: x"))));
        assertTrue(done.settled(backtest(Map.of("completed", false, "stacktrace", "at main.py:3"))));
        assertFalse(done.settled(backtest(Map.of("completed", false, "error", "", "stacktrace", ""))));
    }

    @Test
    @DisplayName("A compile settles on BuildSuccess or BuildError; a chart once it is no longer loading")
    void compileAndCharts() {
        Wait compile = CompileApi.READ_COMPILE.waitFor();
        assertFalse(compile.settled(Map.of("state", "InQueue")));
        assertTrue(compile.settled(Map.of("state", "BuildError")));
        assertTrue(compile.settled(Map.of("state", "BuildSuccess")));
        for (Wait chart : List.of(BacktestsApi.READ_BACKTEST_CHART.waitFor(), LiveApi.READ_LIVE_CHART.waitFor())) {
            assertFalse(chart.settled(Map.of("status", "loading", "progress", 0.5)));
            assertTrue(chart.settled(Map.of("chart", Map.of("name", "Strategy Equity"))));
            assertTrue(chart.settled(Map.of("success", true)));
        }
        assertEquals(null, BacktestsApi.READ_BACKTEST_ORDERS.waitFor(), "a read of what does not change waits for nothing");
    }

    private static Map<String, Object> backtest(Map<String, Object> fields) {
        return Map.of("backtest", fields, "success", true);
    }
}
