package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.qcmcp.client.Deadline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plot_backtest's last step, the picture, against the request's deadline: drawn while there is time, and a clear
 * isError instead of a picture once the deadline has passed (the drawing asks the deadline as it goes).
 */
class PlotPictureTest {

    private static final Map<String, Object> BACKTEST = Map.of("name", "Run", "backtestId", "b1");
    private static final EquityCurve CURVE = new EquityCurve(new long[] {1_704_153_600L, 1_704_240_000L},
            new double[] {100_000, 110_000});

    @Test
    @DisplayName("With time left, the answer is the summary and the PNG")
    void inTime() {
        CallToolResult result = PlotBacktest.picture(BACKTEST, CURVE, Deadline.in(Duration.ofSeconds(30)));
        assertFalse(result.isError(), ((TextContent) result.content().get(0)).text());
        assertTrue(result.content().get(1) instanceof ImageContent image && image.mimeType().equals("image/png"));
    }

    @Test
    @DisplayName("Past the deadline, the drawing stops and the answer is an isError that says why")
    void pastDeadline() {
        CallToolResult result = PlotBacktest.picture(BACKTEST, CURVE, Deadline.in(Duration.ZERO));
        assertTrue(result.isError());
        assertEquals(1, result.content().size(), "no picture");
        String text = ((TextContent) result.content().get(0)).text();
        assertTrue(text.contains("ran out of the request's time") && text.contains("b1"), text);
    }
}
