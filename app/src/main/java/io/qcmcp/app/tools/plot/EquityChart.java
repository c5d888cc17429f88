package io.qcmcp.app.tools.plot;

import java.time.Instant;
import java.util.Locale;

/**
 * A backtest's equity curve above its drawdown, as a small PNG, drawn in pure Java ({@link Canvas},
 * {@link PixelFont}, {@link Png}) so that it renders headless, without fonts, on AWS Lambda. Nothing here is
 * loaded before the first picture is asked for.
 *
 * <p>Geometry, on a {@value #WIDTH} by {@value #HEIGHT} image: time runs linearly from {@link #LEFT} (the first
 * point) to {@link #RIGHT} (the last). Equity runs from {@link #EQUITY_BOTTOM} (the lowest value less
 * {@link #MARGIN} of the range) up to {@link #EQUITY_TOP} (the highest plus the same margin). Drawdown runs from
 * 0 at {@link #DRAWDOWN_TOP} down to {@link #DRAWDOWN_BOTTOM} (the deepest drawdown plus the margin, and at
 * least 1%); the area between the two is filled.
 */
public final class EquityChart {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    public static final int LEFT = 84;
    public static final int RIGHT = 784;
    public static final int EQUITY_TOP = 36;
    public static final int EQUITY_BOTTOM = 316;
    public static final int DRAWDOWN_TOP = 346;
    public static final int DRAWDOWN_BOTTOM = 460;
    public static final double MARGIN = 0.05;

    /** The colours, as 0xRRGGBB; a pixel of the PNG holds the index of one. */
    public static final int BACKGROUND = 0xFFFFFF;
    public static final int GRID = 0xE5E7EB;
    public static final int AXIS = 0x9CA3AF;
    public static final int TEXT = 0x1F2937;
    public static final int CURVE = 0x2563EB;
    public static final int DRAWDOWN_FILL = 0xFCA5A5;
    public static final int DRAWDOWN_LINE = 0xDC2626;
    private static final int[] PALETTE = {BACKGROUND, GRID, AXIS, TEXT, CURVE, DRAWDOWN_FILL, DRAWDOWN_LINE};
    private static final int SCALE = 2;
    private static final int TEXT_HEIGHT = PixelFont.HEIGHT * SCALE;

    private EquityChart() {
    }

    /**
     * @param times Unix seconds, ascending
     * @param equity equity at each time
     * @param drawdowns drawdown at each time, 0 or below (-0.1 is 10% under the peak)
     * @param caption the text at the top right, such as the return and the deepest drawdown
     */
    public static byte[] png(long[] times, double[] equity, double[] drawdowns, String caption) {
        if (times.length == 0 || times.length != equity.length || times.length != drawdowns.length) {
            throw new IllegalArgumentException("An equity chart needs as many times as values, and at least one");
        }
        Canvas canvas = new Canvas(WIDTH, HEIGHT, index(BACKGROUND));
        Scale x = new Scale(times[0], times[times.length - 1], LEFT, RIGHT);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double deepest = 0;
        for (int i = 0; i < equity.length; i++) {
            low = Math.min(low, equity[i]);
            high = Math.max(high, equity[i]);
            deepest = Math.min(deepest, drawdowns[i]);
        }
        double range = high > low ? high - low : Math.max(1, Math.abs(high) * 0.01);
        Scale y = new Scale(low - MARGIN * range, high + MARGIN * range, EQUITY_BOTTOM, EQUITY_TOP);
        Scale d = new Scale(Math.min(deepest * (1 + MARGIN), -0.01), 0, DRAWDOWN_BOTTOM, DRAWDOWN_TOP);

        grid(canvas, x, times, y, d);
        drawdown(canvas, x, times, d, drawdowns);
        for (int i = 1; i < times.length; i++) {
            canvas.line(x.pixel(times[i - 1]), y.pixel(equity[i - 1]), x.pixel(times[i]), y.pixel(equity[i]), 2,
                    index(CURVE));
        }
        if (times.length == 1) {
            canvas.line(x.pixel(times[0]), y.pixel(equity[0]), x.pixel(times[0]), y.pixel(equity[0]), 4, index(CURVE));
        }
        canvas.frame(LEFT, EQUITY_TOP, RIGHT, EQUITY_BOTTOM, index(AXIS));
        canvas.frame(LEFT, DRAWDOWN_TOP, RIGHT, DRAWDOWN_BOTTOM, index(AXIS));
        canvas.text(LEFT, 12, "Equity", SCALE, index(TEXT));
        canvas.text(RIGHT - PixelFont.width(caption, SCALE), 12, caption, SCALE, index(TEXT));
        canvas.text(LEFT, EQUITY_BOTTOM + 11, "Drawdown", SCALE, index(TEXT));
        return Png.encode(WIDTH, HEIGHT, canvas.pixels, PALETTE);
    }

    private static void grid(Canvas canvas, Scale x, long[] times, Scale y, Scale d) {
        double step = niceStep(y.high - y.low);
        for (double tick = Math.ceil(y.low / step) * step; tick <= y.high; tick += step) {
            int row = y.pixel(tick);
            canvas.fill(LEFT, row, RIGHT, row, index(GRID));
            String label = money(tick, step);
            canvas.text(LEFT - 8 - PixelFont.width(label, SCALE), row - TEXT_HEIGHT / 2, label, SCALE, index(TEXT));
        }
        double ddStep = niceStep(d.high - d.low);
        for (double tick = 0; tick >= d.low; tick -= ddStep) {
            int row = d.pixel(tick);
            canvas.fill(LEFT, row, RIGHT, row, index(GRID));
            String label = percent(tick, ddStep);
            canvas.text(LEFT - 8 - PixelFont.width(label, SCALE), row - TEXT_HEIGHT / 2, label, SCALE, index(TEXT));
        }
        long first = times[0];
        long last = times[times.length - 1];
        int labels = last > first ? 4 : 1;
        for (int k = 0; k < labels; k++) {
            long time = labels == 1 ? first : first + (last - first) * k / (labels - 1);
            int column = x.pixel(time);
            canvas.fill(column, EQUITY_TOP, column, EQUITY_BOTTOM, index(GRID));
            canvas.fill(column, DRAWDOWN_TOP, column, DRAWDOWN_BOTTOM, index(GRID));
            String day = Instant.ofEpochSecond(time).toString().substring(0, 10);
            int width = PixelFont.width(day, SCALE);
            int left = Math.max(0, Math.min(WIDTH - width, column - width / 2));
            canvas.text(left, DRAWDOWN_BOTTOM + 10, day, SCALE, index(TEXT));
        }
    }

    private static void drawdown(Canvas canvas, Scale x, long[] times, Scale d, double[] drawdowns) {
        int zero = d.pixel(0);
        for (int i = 0; i < times.length; i++) {
            int from = x.pixel(times[i]);
            int to = i + 1 < times.length ? x.pixel(times[i + 1]) : from;
            for (int column = from; column <= to; column++) {
                double share = to == from ? 0 : (double) (column - from) / (to - from);
                double value = i + 1 < times.length
                        ? drawdowns[i] + share * (drawdowns[i + 1] - drawdowns[i]) : drawdowns[i];
                int row = d.pixel(value);
                if (row > zero) {
                    canvas.fill(column, zero + 1, column, row, index(DRAWDOWN_FILL));
                }
            }
        }
        for (int i = 1; i < times.length; i++) {
            canvas.line(x.pixel(times[i - 1]), d.pixel(drawdowns[i - 1]), x.pixel(times[i]), d.pixel(drawdowns[i]),
                    1, index(DRAWDOWN_LINE));
        }
    }

    /** A step of 1, 2, 2.5 or 5 times a power of ten giving about five ticks over {@code range}. */
    static double niceStep(double range) {
        double raw = range / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** An amount of money short enough for the axis: 95000, 112.5K, 1.25M. */
    static String money(double value, double step) {
        double magnitude = Math.max(Math.abs(value), step);
        String unit = magnitude >= 1e9 ? "B" : magnitude >= 1e6 ? "M" : magnitude >= 1e4 ? "K" : "";
        double divisor = unit.equals("B") ? 1e9 : unit.equals("M") ? 1e6 : unit.equals("K") ? 1e3 : 1;
        return number(value / divisor, step / divisor) + unit;
    }

    static String percent(double fraction, double step) {
        return number(fraction * 100, step * 100) + "%";
    }

    /** {@code value} with as many decimals as {@code step} needs (at most three). */
    private static String number(double value, double step) {
        int decimals = 0;
        while (decimals < 3 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
            decimals++;
        }
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0(\\.0+)?") ? text.substring(1) : text;
    }

    private static int index(int colour) {
        for (int i = 0; i < PALETTE.length; i++) {
            if (PALETTE[i] == colour) {
                return i;
            }
        }
        throw new IllegalArgumentException("Not in the palette: " + Integer.toHexString(colour));
    }

    /** A linear map from values to pixels: {@code low} to {@code lowPixel}, {@code high} to {@code highPixel}. */
    private record Scale(double low, double high, int lowPixel, int highPixel) {

        int pixel(double value) {
            if (high == low) {
                return (lowPixel + highPixel) / 2;
            }
            return (int) Math.round(lowPixel + (value - low) / (high - low) * (highPixel - lowPixel));
        }
    }
}
