package io.qcmcp.app.tools.plot;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The renderer's own checks. Series an adversary (or a broken answer) can send run under a preemptive timeout: the
 * drawing loops once spun forever on a range of one floating-point step or an infinite drawdown, so a hang must
 * fail the test in seconds rather than hang the build.
 */
class EquityChartTest {

    private static final Duration QUICKLY = Duration.ofSeconds(5);
    private static final long DAY = 86_400;
    private static final double ONE_STEP_ABOVE = Math.nextUp(100_000.0);

    @Test
    @DisplayName("Axis labels are short amounts and percentages with the decimals their step needs")
    void labels() {
        assertEquals(5_000, Axis.niceStep(100_000, 122_000));
        assertEquals(2, Axis.niceStep(0, 9));
        assertEquals("100K", EquityChart.money(100_000, 10_000));
        assertEquals("112.5K", EquityChart.money(112_500, 2_500));
        assertEquals("1.25M", EquityChart.money(1_250_000, 250_000));
        assertEquals("950", EquityChart.money(950, 50));
        assertEquals("-5%", EquityChart.percent(-0.05, 0.05));
        assertEquals("-2.5%", EquityChart.percent(-0.025, 0.025));
        assertEquals("0%", EquityChart.percent(-0.0, 0.01));
    }

    /** {@code points} days of equity: a rise with waves on it; and the drawdowns, {@code [times, equity, drawdowns]}. */
    private static Object[] waves(int points) {
        long[] times = new long[points];
        double[] equity = new double[points];
        double[] drawdowns = new double[points];
        double peak = 0;
        for (int i = 0; i < points; i++) {
            times[i] = 1_704_153_600L + 86_400L * i;
            equity[i] = 100_000 * (1 + 0.0005 * i + 0.03 * Math.sin(i / 9.0));
            peak = Math.max(peak, equity[i]);
            drawdowns[i] = equity[i] / peak - 1;
        }
        return new Object[] {times, equity, drawdowns};
    }

    @Test
    @DisplayName("400 points render into a PNG of a few kilobytes (the time is printed, not asserted); a flat or single-point curve too")
    void rendersQuickly() {
        Object[] waves = waves(400);
        long[] times = (long[]) waves[0];
        double[] equity = (double[]) waves[1];
        double[] drawdowns = (double[]) waves[2];
        long start = System.nanoTime();
        byte[] first = EquityChart.png(times, equity, drawdowns, "Return +21.9%  Max DD -5.6%");
        long firstMicros = (System.nanoTime() - start) / 1000;
        int runs = 20;
        start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            EquityChart.png(times, equity, drawdowns, "Return +21.9%  Max DD -5.6%");
        }
        long warmMicros = (System.nanoTime() - start) / 1000 / runs;
        System.out.println("EquityChart: " + first.length + " bytes; first render " + firstMicros / 1000.0
                + " ms, then " + warmMicros / 1000.0 + " ms each");
        assertTrue(first.length < 50_000, first.length + " bytes");

        assertTrue(EquityChart.png(new long[] {1L, 2L}, new double[] {5, 5}, new double[] {0, 0}, "").length > 0);
        assertTrue(EquityChart.png(new long[] {1L}, new double[] {5}, new double[] {0}, "").length > 0);
        assertThrows(IllegalArgumentException.class, () -> EquityChart.png(new long[0], new double[0],
                new double[0], ""));
    }

    /**
     * Series that once hung the drawing or overflowed its arithmetic, each with where its curve must show: {@code
     * "flat"} for a line across the middle of the equity panel, {@code "spread"} for one from near its bottom to
     * near its top, {@code "drawn"} for any curve at all.
     */
    static Stream<Arguments> hostileSeries() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        return Stream.of(
                Arguments.of("one floating-point step apart", new double[] {100_000.0, 100_000.00000000001, 100_000.0},
                        new double[] {0, 0, -1.4e-16}, "flat"),
                Arguments.of("a drawdown of -Infinity", new double[] {1e-300, -1e308, 5e-301},
                        new double[] {0, Double.NEGATIVE_INFINITY, -0.5}, "spread"),
                Arguments.of("NaN among the values", new double[] {100_000, nan, 110_000, 105_000},
                        new double[] {0, nan, 0, -0.045}, "spread"),
                Arguments.of("Infinity among the values", new double[] {100_000, inf, -inf, 110_000},
                        new double[] {0, 0, nan, 0}, "spread"),
                Arguments.of("from -1e308 to 1e308", new double[] {-1e308, 1e308, 0},
                        new double[] {0, 0, -1}, "spread"),
                Arguments.of("the largest doubles", new double[] {-Double.MAX_VALUE, Double.MAX_VALUE},
                        new double[] {-Double.MAX_VALUE, 0}, "spread"),
                Arguments.of("1e308 everywhere", new double[] {1e308, 1e308, 1e308}, new double[] {0, 0, 0}, "flat"),
                Arguments.of("a single point", new double[] {100_000}, new double[] {0}, "flat"),
                Arguments.of("all equal", new double[] {5, 5, 5, 5}, new double[] {0, 0, 0, 0}, "flat"),
                Arguments.of("all zero", new double[] {0, 0, 0}, new double[] {0, 0, 0}, "flat"),
                Arguments.of("the smallest doubles", new double[] {0, Double.MIN_VALUE, 0},
                        new double[] {0, 0, -1}, "flat"),
                Arguments.of("a drawdown of NaN and +Infinity", new double[] {100, 90, 95},
                        new double[] {nan, inf, -0.05}, "spread"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSeries")
    @DisplayName("Series of hostile values draw in well under a second, skipping what is not finite")
    void hostileSeriesEndQuickly(String name, double[] equity, double[] drawdowns, String curve) throws IOException {
        long[] times = new long[equity.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_704_153_600L + DAY * i;
        }
        byte[] png = assertTimeoutPreemptively(QUICKLY, () -> EquityChart.png(times, equity, drawdowns, name));
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(EquityChart.WIDTH, picture.getWidth(), name);
        int top = Integer.MAX_VALUE;
        int bottom = Integer.MIN_VALUE;
        for (int row = EquityChart.EQUITY_TOP + 1; row < EquityChart.EQUITY_BOTTOM; row++) {
            for (int column = EquityChart.LEFT + 1; column < EquityChart.RIGHT; column++) {
                if ((picture.getRGB(column, row) & 0xFFFFFF) == EquityChart.CURVE) {
                    top = Math.min(top, row);
                    bottom = Math.max(bottom, row);
                }
            }
        }
        assertTrue(top <= bottom, name + ": no curve drawn");
        int middle = (EquityChart.EQUITY_TOP + EquityChart.EQUITY_BOTTOM) / 2;
        int height = EquityChart.EQUITY_BOTTOM - EquityChart.EQUITY_TOP;
        switch (curve) {
            case "flat" -> assertTrue(top >= middle - 3 && bottom <= middle + 3,
                    name + ": a flat curve across the middle, not rows " + top + " to " + bottom);
            case "spread" -> assertTrue(bottom - top > height * 3 / 4,
                    name + ": the curve spans the panel, not rows " + top + " to " + bottom);
            default -> throw new IllegalArgumentException(curve);
        }
    }

    @Test
    @DisplayName("A series with no finite value is refused, not drawn")
    void nothingFinite() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> assertTimeoutPreemptively(QUICKLY, () -> EquityChart.png(new long[] {1, 2},
                        new double[] {Double.NaN, Double.POSITIVE_INFINITY}, new double[] {0, 0}, "")));
        assertTrue(refused.getMessage().contains("finite"), refused.getMessage());
    }

    @Test
    @DisplayName("Axis labels stay short for any amount, huge or tiny")
    void labelsStayShort() {
        for (double value : new double[] {1e308, -1e308, Double.MAX_VALUE, 1e15, 123_456_789_012.0, 1e-300}) {
            String label = EquityChart.money(value, Math.abs(value) / 5);
            assertTrue(label.length() <= 10, value + " labelled " + label);
        }
        assertEquals("1.00E+308", EquityChart.money(1e308, 2e307));
        assertEquals("100K", EquityChart.money(100_000, 10_000));
    }

    @Test
    @DisplayName("The drawing asks often whether to stop, and stops at the first yes")
    void stopsWhenTold() {
        Object[] waves = waves(400);
        AtomicInteger asked = new AtomicInteger();
        EquityChart.png((long[]) waves[0], (double[]) waves[1], (double[]) waves[2], "", () -> asked.incrementAndGet() < 0);
        int asks = asked.get();
        assertTrue(asks >= 8, asks + " times asked: between the steps of the drawing and inside its loops");
        for (int yes : new int[] {1, asks / 2, asks}) {
            AtomicInteger count = new AtomicInteger();
            assertThrows(CancellationException.class, () -> assertTimeoutPreemptively(QUICKLY, () -> EquityChart.png(
                    (long[]) waves[0], (double[]) waves[1], (double[]) waves[2], "", () -> count.incrementAndGet() >= yes)));
            assertEquals(yes, count.get(), "asked on after the yes");
        }
    }
}
