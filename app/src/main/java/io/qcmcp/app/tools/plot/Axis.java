package io.qcmcp.app.tools.plot;

import java.util.Arrays;

/**
 * A linear map from values to pixels, {@code low} to {@code lowPixel} and {@code high} to {@code highPixel}, with
 * its ticks. Any finite ends work, however far apart or close: spans are taken in halves ({@code high / 2 - low / 2})
 * so that -1e308 to 1e308 does not overflow to infinity, pixels are clamped near the canvas so a line drawn to them
 * stays short, and {@link #ticks()} computes each tick from its index instead of adding a step, so a step too small
 * to change the value (once a loop that never ended) gives no ticks rather than no end.
 */
record Axis(double low, double high, int lowPixel, int highPixel) {

    /** Ticks on an axis: about five; more means the step was not nice and none are drawn. */
    static final int MAX_TICKS = 12;
    /** A range under this share of the values is drawn flat: no axis can label finer differences. */
    static final double FLAT = 1e-9;
    /** A range under this is drawn flat too, whatever the values: its steps would be subnormal. */
    static final double TINY = 1e-300;
    /** Pixels are clamped to this far from 0, well outside any canvas drawn here. */
    private static final int REACH = 4_000;

    /**
     * The axis for values from {@code low} to {@code high} (finite, low not above high) with {@code margin} of
     * their range added on each side. A flat range (span 0, or too small to label) is centred in a range of 1% of
     * the value, at least 1, so the curve runs across the middle.
     */
    static Axis around(double low, double high, double margin, int lowPixel, int highPixel) {
        double half = high / 2 - low / 2;
        double magnitude = Math.max(Math.abs(low), Math.abs(high));
        if (half * 2 < Math.max(magnitude * FLAT, TINY)) {
            double middle = low / 2 + high / 2;
            low = middle;
            high = middle;
            half = Math.max(1, magnitude * 0.01) / 2;
        }
        double extra = 2 * margin * half;
        return new Axis(Math.max(-Double.MAX_VALUE, low - extra), Math.min(Double.MAX_VALUE, high + extra),
                lowPixel, highPixel);
    }

    int pixel(double value) {
        double half = high / 2 - low / 2;
        if (!(half > 0)) {
            return (lowPixel + highPixel) / 2;
        }
        double pixel = lowPixel + (value / 2 - low / 2) / half * (highPixel - lowPixel);
        return (int) Math.max(-REACH, Math.min(REACH, Math.round(pixel)));
    }

    /** The distance between two ticks: see {@link #niceStep(double, double)}. */
    double step() {
        return niceStep(low, high);
    }

    /** The multiples of {@link #step()} from low to high, ascending: none when they cannot be told apart. */
    double[] ticks() {
        double step = step();
        if (!(step > 0) || !Double.isFinite(step)) {
            return new double[0];
        }
        double first = Math.ceil(low / step);
        double last = Math.floor(high / step);
        if (!Double.isFinite(first) || !Double.isFinite(last) || last - first >= MAX_TICKS) {
            return new double[0];
        }
        double[] ticks = new double[MAX_TICKS];
        int count = 0;
        for (int k = 0; k <= last - first && count < MAX_TICKS; k++) {
            double tick = (first + k) * step;
            if (Double.isFinite(tick) && (count == 0 || tick > ticks[count - 1])) {
                ticks[count++] = tick;
            }
        }
        return Arrays.copyOf(ticks, count);
    }

    /**
     * A step of 1, 2, 2.5 or 5 times a power of ten giving about five ticks from {@code low} to {@code high}; 0
     * when the range is too small for one (subnormal).
     */
    static double niceStep(double low, double high) {
        double raw = (high / 2 - low / 2) / 2.5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        if (!(magnitude > 0) || !Double.isFinite(magnitude)) {
            return 0;
        }
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
