package io.qcmcp.app.tools.plot;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquityChartTest {

    @Test
    @DisplayName("Axis labels are short amounts and percentages with the decimals their step needs")
    void labels() {
        assertEquals(5_000, EquityChart.niceStep(22_000));
        assertEquals(2, EquityChart.niceStep(9));
        assertEquals("100K", EquityChart.money(100_000, 10_000));
        assertEquals("112.5K", EquityChart.money(112_500, 2_500));
        assertEquals("1.25M", EquityChart.money(1_250_000, 250_000));
        assertEquals("950", EquityChart.money(950, 50));
        assertEquals("-5%", EquityChart.percent(-0.05, 0.05));
        assertEquals("-2.5%", EquityChart.percent(-0.025, 0.025));
        assertEquals("0%", EquityChart.percent(-0.0, 0.01));
    }

    @Test
    @DisplayName("400 points render in milliseconds into a PNG of a few kilobytes; a flat or single-point curve too")
    void rendersQuickly() {
        int points = 400;
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
        assertTrue(firstMicros < 2_000_000, firstMicros + " µs");

        assertTrue(EquityChart.png(new long[] {1L, 2L}, new double[] {5, 5}, new double[] {0, 0}, "").length > 0);
        assertTrue(EquityChart.png(new long[] {1L}, new double[] {5}, new double[] {0}, "").length > 0);
        assertThrows(IllegalArgumentException.class, () -> EquityChart.png(new long[0], new double[0],
                new double[0], ""));
    }
}
