package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.SdkSession;
import io.qcmcp.app.tools.plot.EquityChart;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static io.qcmcp.app.tools.plot.EquityChart.DRAWDOWN_BOTTOM;
import static io.qcmcp.app.tools.plot.EquityChart.DRAWDOWN_TOP;
import static io.qcmcp.app.tools.plot.EquityChart.EQUITY_BOTTOM;
import static io.qcmcp.app.tools.plot.EquityChart.EQUITY_TOP;
import static io.qcmcp.app.tools.plot.EquityChart.LEFT;
import static io.qcmcp.app.tools.plot.EquityChart.MARGIN;
import static io.qcmcp.app.tools.plot.EquityChart.RIGHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plot_backtest through the SDK client: a text summary and a PNG that an ordinary decoder reads, of the
 * promised size, with the curve and the drawdown where the data put them (positions computed here from the
 * geometry EquityChart documents, not taken from the renderer).
 */
class PlotBacktestTest {

    @RegisterExtension
    static final WithFakeQuantConnect<SdkSession> SETUP = WithFakeQuantConnect.sdk(SdkSession::fastPolling);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BACKTEST_ID = "26c7bb06b8487cff1c7b3c44652b30f1";
    private static final int POINTS = 301;

    private static String read(int projectId) {
        return "{\"projectId\":" + projectId + ",\"backtestId\":\"" + BACKTEST_ID + "\"}";
    }

    /** QuantConnect answers read_backtest for the backtest in {@code project} with {@code fixture}, moved there. */
    private static void backtest(int project, String fixture) {
        SETUP.quantConnect().answer("/backtests/read", read(project), qc(fixture).replace("2134567", "" + project));
    }

    /** read_backtest.json's backtest in {@code project}, finished, whose chart QuantConnect answers {@code chart}. */
    private static void finishedBacktest(int project, String chart) {
        backtest(project, "read_backtest.json");
        SETUP.quantConnect().answer("/backtests/chart/read", BacktestProjectTest.chartRead(project, 400), chart);
    }

    private static CallToolResult plot(int project) {
        return SETUP.server().call("plot_backtest", Map.of("projectId", project, "backtestId", BACKTEST_ID));
    }

    /** plot_backtest of read_backtest.json's backtest in {@code project}, whose chart QuantConnect answers {@code chart}. */
    private static CallToolResult plot(int project, String chart) {
        finishedBacktest(project, chart);
        return plot(project);
    }

    @Test
    @DisplayName("A finished backtest comes back as a short text and a PNG of its equity and drawdown")
    void plots() throws Exception {
        int project = 201;
        backtest(project, "read_backtest.json");
        SETUP.quantConnect().answerInTurn("/backtests/chart/read", BacktestProjectTest.chartRead(project, 400),
                "{\"progress\":0.2,\"status\":\"loading\",\"success\":true,\"errors\":[]}",
                BacktestProjectTest.equityChart(BacktestProjectTest.START, POINTS));

        long start = System.nanoTime();
        CallToolResult result = plot(project);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(false, result.isError(), SdkSession.text(result));
        String text = SdkSession.text(result);
        assertTrue(text.contains("100,000.00 on 2024-01-02 to 108,000.00 on 2024-10-28 (+8.00%)")
                && text.contains("deepest drawdown -10.00%") && text.contains("Net Profit 12.345%"), text);

        ImageContent image = (ImageContent) result.content().get(1);
        assertEquals("image/png", image.mimeType());
        byte[] png = Base64.getDecoder().decode(image.data());
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(EquityChart.WIDTH, picture.getWidth());
        assertEquals(EquityChart.HEIGHT, picture.getHeight());
        assertTrue(png.length > 2_000 && png.length < 50_000, png.length + " bytes");
        System.out.println("plot_backtest: " + png.length + " bytes of PNG, " + millis + " ms for the whole call");

        double[] equity = equity();
        double low = 100_000;
        double high = 120_000;
        double range = high - low;
        for (int i = 0; i < POINTS; i += 25) {
            int x = x(i);
            int y = (int) Math.round(EQUITY_BOTTOM - (equity[i] - (low - MARGIN * range)) / ((1 + 2 * MARGIN) * range)
                    * (EQUITY_BOTTOM - EQUITY_TOP));
            assertTrue(near(picture, x, y, EquityChart.CURVE), "equity of point " + i + " at (" + x + ", " + y + ")");
        }
        int peak = x(POINTS / 2);
        int highest = EQUITY_BOTTOM;
        int highestColumn = -1;
        for (int column = LEFT + 1; column < RIGHT; column++) {
            for (int row = EQUITY_TOP + 1; row < highest; row++) {
                if (colour(picture, column, row) == EquityChart.CURVE) {
                    highest = row;
                    highestColumn = column;
                }
            }
        }
        assertTrue(Math.abs(highestColumn - peak) <= 3, "the curve peaks at x " + highestColumn + ", the data at " + peak);

        double deepest = -0.10 * (1 + MARGIN);
        int bottom = (int) Math.round(DRAWDOWN_TOP + (-0.10 / deepest) * (DRAWDOWN_BOTTOM - DRAWDOWN_TOP));
        assertTrue(near(picture, x(POINTS - 1), bottom, EquityChart.DRAWDOWN_LINE), "deepest drawdown at the end");
        assertEquals(0, count(picture, LEFT + 1, peak - 3, EquityChart.DRAWDOWN_FILL), "no drawdown before the peak");
        assertTrue(count(picture, peak + 3, RIGHT - 1, EquityChart.DRAWDOWN_FILL) > 1000, "drawdown after the peak");
    }

    @Test
    @DisplayName("Through the API Gateway handler, as on Lambda, the answer carries the same decodable PNG")
    void throughLambdaHandler() throws Exception {
        int project = 203;
        finishedBacktest(project, BacktestProjectTest.equityChart(BacktestProjectTest.START, POINTS));
        try (LambdaHandler lambda = new LambdaHandler(SETUP.quantConnect().properties())) {
            McpHttp.Reply reply = lambda.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"plot_backtest\",\"arguments\":{\"projectId\":" + project + ",\"backtestId\":\""
                    + BACKTEST_ID + "\"}}}");
            assertEquals(200, reply.status());
            JsonNode image = JSON.readTree(reply.body()).at("/result/content/1");
            assertEquals("image", image.get("type").asText(), reply.body());
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    image.get("data").asText())));
            assertEquals(EquityChart.WIDTH, picture.getWidth());
        }
    }

    @Test
    @DisplayName("A backtest that has not finished is not plotted: isError says to wait first")
    void unfinished() {
        int project = 202;
        backtest(project, "read_backtest_running.json");
        CallToolResult result = plot(project);
        assertTrue(result.isError());
        assertTrue(SdkSession.text(result).contains("has not finished (Running: 45%)"), SdkSession.text(result));
        assertEquals(List.of(), SETUP.quantConnect().requests("/backtests/chart/read").stream()
                .filter(request -> request.getBodyAsString().contains("\"projectId\":" + project)).toList());
    }

    @Test
    @DisplayName("Without an Equity series, plot_backtest draws nothing else: isError names the series it found")
    void noEquitySeries() throws Exception {
        CallToolResult result = plot(204, BacktestProjectTest.chartWithout("Benchmark", "Return"));
        String text = SdkSession.text(result);
        assertEquals(true, result.isError(), text);
        assertEquals(1, result.content().size(), "no picture");
        assertTrue(text.contains("no Equity series") && text.contains("Benchmark, Return"), text);
    }

    @Test
    @DisplayName("The chart is read from a day before the backtest's start: an algorithm east of UTC keeps its first sample")
    void eastOfUtc() throws Exception {
        long tokyoMidnight = BacktestProjectTest.START - 9 * 3_600;
        CallToolResult result = plot(205, BacktestProjectTest.equityChart(tokyoMidnight, POINTS));
        String text = SdkSession.text(result);
        assertEquals(false, result.isError(), text);
        assertTrue(text.contains("equity 100,000.00 on 2024-01-01 to"), text);
    }

    /**
     * Equity values that once kept plot_backtest from ever answering (one floating-point step apart; a drawdown of
     * -Infinity, from a tiny peak and a huge loss) or broke its arithmetic, as QuantConnect's JSON would carry
     * them (1e400 reads as Infinity), one call each under a preemptive timeout: the picture comes back, or, with
     * no finite value at all, a clear isError.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "211 | one floating-point step apart | 100000.0, 100000.00000000001, 100000.0 | 100,000.00 on 2024-01-02 to 100,000.00",
        "212 | a drawdown of -Infinity       | 1e-300, -1e308, 5e-301                 | low -1.0000E+308",
        "213 | infinities among the values   | 100000, 1e400, -1e400, 110000          | high 110,000.00, low 100,000.00",
        "214 | from -1e308 to 1e308          | -1e308, 1e308, 0                       | high 1.0000E+308, low -1.0000E+308",
        "215 | a single point                | 100000                                 | 100,000.00 on 2024-01-02 to 100,000.00 on 2024-01-02",
        "216 | all equal                     | 5, 5, 5, 5                             | 5.00 on 2024-01-02 to 5.00 on 2024-01-05 (+0.00%)",
        "217 | nothing finite                | 1e400, -1e400                          | no equity point with a finite value"})
    @DisplayName("Hostile equity values: plot_backtest answers quickly, a picture or a clear isError")
    void hostileValues(int project, String name, String values, String expected) throws Exception {
        StringBuilder points = new StringBuilder();
        String[] split = values.split(",");
        for (int i = 0; i < split.length; i++) {
            points.append(i == 0 ? "" : ",").append('[').append(BacktestProjectTest.START + 86_400L * i).append(',')
                    .append(split[i].strip()).append(']');
        }
        String chart = "{\"chart\":{\"name\":\"Strategy Equity\",\"series\":{\"Equity\":{\"name\":\"Equity\","
                + "\"values\":[" + points + "]}}},\"success\":true,\"errors\":[]}";
        CallToolResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> plot(project, chart), name);
        String text = SdkSession.text(result);
        assertTrue(text.contains(expected), name + ": " + text);
        if (name.equals("nothing finite")) {
            assertEquals(true, result.isError(), text);
            return;
        }
        assertEquals(false, result.isError(), text);
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                ((ImageContent) result.content().get(1)).data())));
        assertEquals(EquityChart.WIDTH, picture.getWidth(), name);
    }

    /** The equity values of {@link BacktestProjectTest#equityChart} for {@link #POINTS} points. */
    @SuppressWarnings("unchecked")
    private static double[] equity() throws Exception {
        Map<String, Object> chart = JSON.readValue(BacktestProjectTest.equityChart(BacktestProjectTest.START, POINTS),
                Map.class);
        List<List<Object>> values = (List<List<Object>>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) chart.get("chart")).get("series")).get("Equity")).get("values");
        return values.stream().filter(value -> value.get(1) != null)
                .mapToDouble(value -> ((Number) value.get(1)).doubleValue()).toArray();
    }

    private static int x(int point) {
        return (int) Math.round(LEFT + (double) point / (POINTS - 1) * (RIGHT - LEFT));
    }

    private static int colour(BufferedImage picture, int x, int y) {
        return picture.getRGB(x, y) & 0xFFFFFF;
    }

    private static boolean near(BufferedImage picture, int x, int y, int rgb) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                if (colour(picture, x + dx, y + dy) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int count(BufferedImage picture, int fromColumn, int toColumn, int rgb) {
        int count = 0;
        for (int column = fromColumn; column <= toColumn; column++) {
            for (int row = DRAWDOWN_TOP + 1; row < DRAWDOWN_BOTTOM; row++) {
                if (colour(picture, column, row) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
