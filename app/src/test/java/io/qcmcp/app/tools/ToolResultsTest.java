package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.generated.api.AccountApiOperations;
import io.qcmcp.client.generated.api.BacktestsApiOperations;
import io.qcmcp.client.generated.api.LiveApiOperations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolResultsTest {

    private final ToolResults results = new ToolResults(new ObjectMapper(), 1_000_000);

    @Test
    @DisplayName("Zone-less date-times become RFC 3339 UTC at any depth; other strings and file contents stay")
    void normalizesDateTimes() {
        Map<String, Object> body = Map.of(
                "created", "2026-11-25 10:00:00",
                "nested", Map.of("list", List.of("2024-01-02 00:00:00.123", "Running: 45%")),
                "alreadyZoned", "2026-11-25T10:00:00Z",
                "date", "2026-11-25",
                "content", "2026-11-25 10:00:00");
        Map<String, Object> normalized = ToolResults.normalized(body);
        assertEquals("2026-11-25T10:00:00Z", normalized.get("created"));
        assertEquals(List.of("2024-01-02T00:00:00.123Z", "Running: 45%"), ((Map<?, ?>) normalized.get("nested")).get("list"));
        assertEquals("2026-11-25T10:00:00Z", normalized.get("alreadyZoned"));
        assertEquals("2026-11-25", normalized.get("date"));
        assertEquals("2026-11-25 10:00:00", normalized.get("content"), "file contents are never rewritten");
    }

    @Test
    @DisplayName("A success carries the answer as structured content and the same JSON as text")
    void successIsStructuredAndText() throws Exception {
        CallToolResult result = results.from("read_account",
                new QuantConnectResponse.Success(Map.of("success", true, "creditBalance", 5)));
        assertFalse(result.isError());
        assertEquals(result.structuredContent(),
                new ObjectMapper().readValue(((TextContent) result.content().get(0)).text(), Map.class));
    }

    @Test
    @DisplayName("A refusal and a failure are isError results with a clear text and no structured content")
    void failuresAreErrors() {
        CallToolResult refused = results.from("delete_file",
                new QuantConnectResponse.Rejected(List.of("File not found.", "Try again."), Map.of()));
        assertTrue(refused.isError());
        assertEquals("QuantConnect refused delete_file: File not found.; Try again.",
                ((TextContent) refused.content().get(0)).text());
        assertNull(refused.structuredContent());
        CallToolResult failed = results.from("read_account", new QuantConnectResponse.Failed("No answer."));
        assertTrue(failed.isError());
        assertEquals("No answer.", ((TextContent) failed.content().get(0)).text());
    }

    @Test
    @DisplayName("An answer too large to read is an isError result that adds the narrower tools to use")
    void tooLargeNamesNarrowerTools() {
        ToolResults results = fromSpec(30_000);
        CallToolResult backtest = results.from("read_backtest",
                new QuantConnectResponse.TooLarge("Answer too large: over 16 MiB."));
        assertTrue(backtest.isError());
        assertEquals("Answer too large: over 16 MiB. To get it in smaller pieces: read_backtest_reduced has its status "
                + "and statistics, read_backtest_chart and read_backtest_orders the rest.",
                ((TextContent) backtest.content().get(0)).text());
        CallToolResult orders = results.from("read_backtest_orders",
                new QuantConnectResponse.TooLarge("Answer too large: over 16 MiB."));
        assertTrue(((TextContent) orders.content().get(0)).text().endsWith("call read_backtest_orders again with a "
                + "smaller range of start and end, then the next range."));
    }

    @Test
    @DisplayName("An answer over the size limit is cut, says by how much and how to page, and keeps its start")
    void oversizedAnswerIsCut() {
        ToolResults small = fromSpec(30_000);
        CallToolResult result = small.success("read_backtest_orders", Map.of("content", "x".repeat(50_000)));
        Map<?, ?> body = (Map<?, ?>) result.structuredContent();
        assertEquals(true, body.get("truncated"));
        assertTrue((Integer) body.get("originalChars") > 50_000);
        assertTrue(String.valueOf(body.get("note")).endsWith("To get the rest: call read_backtest_orders again with a "
                + "smaller range of start and end, then the next range."), String.valueOf(body.get("note")));
        assertEquals(ToolResults.CUT_PREVIEW_CHARS, String.valueOf(body.get("partial")).length());
        assertTrue(((TextContent) result.content().get(0)).text().length() < 30_000);
    }

    @Test
    @DisplayName("A limit under the usual preview is honoured: the whole cut result fits it, quotes and all")
    void smallLimitHonoured() {
        for (int limit : new int[] {2_000, 5_000, 19_999}) {
            ToolResults small = new ToolResults(new ObjectMapper(), limit, Map.of());
            CallToolResult result = small.success("read_backtest", Map.of("content", "\"quoted\" ".repeat(10_000)));
            Map<?, ?> body = (Map<?, ?>) result.structuredContent();
            String text = ((TextContent) result.content().get(0)).text();
            assertTrue(text.length() <= limit, limit + ": " + text.length());
            assertFalse(String.valueOf(body.get("partial")).isEmpty(), "some of the answer is still shown");
            assertTrue(String.valueOf(body.get("note")).contains("first " + String.valueOf(body.get("partial")).length()),
                    String.valueOf(body.get("note")));
        }
    }

    @Test
    @DisplayName("A cut answer names the way to the rest that fits the tool: lines, points, or narrower tools")
    void restOfACutAnswer() {
        ToolResults results = fromSpec(30_000);
        assertTrue(results.rest("read_live_logs").contains("fewer lines (startLine to endLine)"));
        assertTrue(results.rest("read_backtest_chart").contains("a smaller count"));
        assertTrue(results.rest("read_backtest").startsWith("read_backtest_reduced has its status and statistics"));
        assertEquals("read charts with read_backtest_chart and orders with read_backtest_orders",
                results.rest("read_backtest_reduced"), "an x-mcp-tools entry's own paging");
        assertEquals("ask for less at a time", results.rest("read_account"));
        assertEquals("ask for less at a time", results.rest(null));
    }

    /** The results as the server makes them: each tool's paging from the generated operations (x-mcp-paging). */
    private static ToolResults fromSpec(int maxResultChars) {
        return new ToolResultsFactory().toolResults(new ObjectMapper(), maxResultChars, List.of(
                new BacktestsApiOperations(), new LiveApiOperations(), new AccountApiOperations()));
    }
}
