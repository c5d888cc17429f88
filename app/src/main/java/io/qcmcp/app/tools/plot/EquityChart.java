package io.qcmcp.app.tools.plot;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleFunction;
import java.util.stream.IntStream;

/**
 * A backtest's equity curve above its drawdown, as a small PNG, drawn in pure Java ({@link Canvas},
 * {@link PixelFont}, {@link Png}) so that it renders headless, without fonts, on AWS Lambda. Nothing here is
 * loaded before the first picture is asked for.
 *
 * <p>Geometry, on a {@value #WIDTH} by {@value #HEIGHT} image: time runs linearly from {@link #LEFT} (the first
 * point) to {@link #RIGHT} (the last). Equity runs from {@link #EQUITY_BOTTOM} (the lowest value less
 * {@link #MARGIN} of the range) up to {@link #EQUITY_TOP} (the highest plus the same margin). Drawdown runs from
 * 0 at {@link #DRAWDOWN_TOP} down to {@link #DRAWDOWN_BOTTOM} (the deepest drawdown plus the margin, and at
 * least 1%); the area between the two is filled. A flat equity (all equal, or too close to label apart, such as
 * one floating-point step) runs across the middle of a range of 1% of its value. Values that are not finite are
 * left out of the lines and the ranges.
 *
 * <p>Whatever the values, the drawing ends in milliseconds: every loop is bounded by the points or the pixels,
 * never by a sum of steps ({@link Axis}), and a deadline can stop it ({@code stop}).
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
    /** Points drawn between two questions to a drawing's {@code stop}. */
    static final int ASK_EVERY = 32;
    /** Amounts from here on are labelled in scientific notation. */
    private static final double LARGE = 1e12;

    private EquityChart() {
    }

    /**
     * @param times Unix seconds, ascending
     * @param equity equity at each time; a value that is not finite (NaN, infinite) is skipped
     * @param drawdowns drawdown at each time, 0 or below (-0.1 is 10% under the peak); one not finite is skipped
     * @param caption the text at the top right, such as the return and the deepest drawdown
     * @throws IllegalArgumentException without a finite equity value, or when the arrays differ in length
     */
    public static byte[] png(long[] times, double[] equity, double[] drawdowns, String caption) {
        return png(times, equity, drawdowns, caption, () -> false);
    }

    /**
     * The same, asking {@code stop} between the steps of the drawing and every {@value #ASK_EVERY} points inside
     * them, so a request's deadline can cut a drawing short instead of being outlived by it.
     *
     * @throws CancellationException when {@code stop} answers true
     */
    public static byte[] png(long[] times, double[] equity, double[] drawdowns, String caption, BooleanSupplier stop) {
        goOn(stop);
        if (times.length != equity.length || times.length != drawdowns.length) {
            throw new IllegalArgumentException("An equity chart needs as many times as values");
        }
        int[] curve = finite(equity);
        if (curve.length == 0) {
            throw new IllegalArgumentException("An equity chart needs at least one finite equity value");
        }
        int[] dips = finite(drawdowns);
        Canvas canvas = new Canvas(WIDTH, HEIGHT, index(BACKGROUND));
        Axis x = new Axis(times[0], times[times.length - 1], LEFT, RIGHT);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i : curve) {
            low = Math.min(low, equity[i]);
            high = Math.max(high, equity[i]);
        }
        double deepest = 0;
        for (int i : dips) {
            deepest = Math.min(deepest, drawdowns[i]);
        }
        Axis y = Axis.around(low, high, MARGIN, EQUITY_BOTTOM, EQUITY_TOP);
        Axis d = new Axis(Math.max(-Double.MAX_VALUE, Math.min(deepest * (1 + MARGIN), -0.01)), 0, DRAWDOWN_BOTTOM,
                DRAWDOWN_TOP);

        grid(canvas, x, times, y, d);
        goOn(stop);
        drawdown(canvas, x, times, d, drawdowns, dips, stop);
        curve(canvas, x, times, y, equity, curve, stop);
        canvas.frame(LEFT, EQUITY_TOP, RIGHT, EQUITY_BOTTOM, index(AXIS));
        canvas.frame(LEFT, DRAWDOWN_TOP, RIGHT, DRAWDOWN_BOTTOM, index(AXIS));
        canvas.text(LEFT, 12, "Equity", SCALE, index(TEXT));
        canvas.text(RIGHT - PixelFont.width(caption, SCALE), 12, caption, SCALE, index(TEXT));
        canvas.text(LEFT, EQUITY_BOTTOM + 11, "Drawdown", SCALE, index(TEXT));
        goOn(stop);
        return Png.encode(WIDTH, HEIGHT, canvas.pixels, PALETTE);
    }

    /** Returns when the drawing may go on; throws when {@code stop} says it may not. */
    private static void goOn(BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new CancellationException("The drawing of the equity chart was stopped: its time was up");
        }
    }

    /** The equity line through the finite values ({@code curve}, their indexes); a dot when there is one. */
    private static void curve(Canvas canvas, Axis x, long[] times, Axis y, double[] equity, int[] curve,
                              BooleanSupplier stop) {
        for (int k = 1; k < curve.length; k++) {
            if (k % ASK_EVERY == 0) {
                goOn(stop);
            }
            int from = curve[k - 1];
            int to = curve[k];
            canvas.line(x.pixel(times[from]), y.pixel(equity[from]), x.pixel(times[to]), y.pixel(equity[to]), 2,
                    index(CURVE));
        }
        if (curve.length == 1) {
            int only = curve[0];
            canvas.line(x.pixel(times[only]), y.pixel(equity[only]), x.pixel(times[only]), y.pixel(equity[only]), 4,
                    index(CURVE));
        }
    }

    /** The indexes of the finite values, in order. */
    private static int[] finite(double[] values) {
        return IntStream.range(0, values.length).filter(i -> Double.isFinite(values[i])).toArray();
    }

    private static void grid(Canvas canvas, Axis x, long[] times, Axis y, Axis d) {
        label(canvas, y, tick -> money(tick, y.step()));
        label(canvas, d, tick -> percent(tick, d.step()));
        double first = times[0];
        double last = times[times.length - 1];
        int days = last > first ? 4 : 1;
        for (int k = 0; k < days; k++) {
            long time = days == 1 ? times[0] : (long) (first + (last - first) * k / (days - 1));
            int column = x.pixel(time);
            canvas.fill(column, EQUITY_TOP, column, EQUITY_BOTTOM, index(GRID));
            canvas.fill(column, DRAWDOWN_TOP, column, DRAWDOWN_BOTTOM, index(GRID));
            String day = day(time);
            int width = PixelFont.width(day, SCALE);
            int left = Math.max(0, Math.min(WIDTH - width, column - width / 2));
            canvas.text(left, DRAWDOWN_BOTTOM + 10, day, SCALE, index(TEXT));
        }
    }

    /** Grid lines across the chart at the ticks of an axis, labelled on the left; smaller when one is too wide. */
    private static void label(Canvas canvas, Axis axis, DoubleFunction<String> text) {
        double[] ticks = axis.ticks();
        String[] labels = Arrays.stream(ticks).mapToObj(text).toArray(String[]::new);
        int scale = SCALE;
        for (String label : labels) {
            scale = PixelFont.width(label, SCALE) <= LEFT - 8 ? scale : 1;
        }
        for (int i = 0; i < ticks.length; i++) {
            int row = axis.pixel(ticks[i]);
            canvas.fill(LEFT, row, RIGHT, row, index(GRID));
            canvas.text(LEFT - 8 - PixelFont.width(labels[i], scale), row - PixelFont.HEIGHT * scale / 2, labels[i],
                    scale, index(TEXT));
        }
    }

    /** The UTC day of {@code seconds}, such as 2024-01-02; a time beyond what {@link Instant} holds is clamped. */
    private static String day(long seconds) {
        long clamped = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
        String text = Instant.ofEpochSecond(clamped).toString();
        return text.substring(0, text.indexOf('T'));
    }

    /** The drawdown area and line, through the finite drawdowns ({@code dips}, their indexes) only. */
    private static void drawdown(Canvas canvas, Axis x, long[] times, Axis d, double[] drawdowns, int[] dips,
                                 BooleanSupplier stop) {
        int zero = d.pixel(0);
        for (int k = 0; k < dips.length; k++) {
            if (k % ASK_EVERY == 0) {
                goOn(stop);
            }
            int i = dips[k];
            int next = k + 1 < dips.length ? dips[k + 1] : i;
            int from = x.pixel(times[i]);
            int to = x.pixel(times[next]);
            for (int column = Math.max(from, LEFT); column <= Math.min(to, RIGHT); column++) {
                double share = to == from ? 0 : (double) (column - from) / (to - from);
                int row = d.pixel(drawdowns[i] + share * (drawdowns[next] - drawdowns[i]));
                if (row > zero) {
                    canvas.fill(column, zero + 1, column, row, index(DRAWDOWN_FILL));
                }
            }
        }
        for (int k = 1; k < dips.length; k++) {
            if (k % ASK_EVERY == 0) {
                goOn(stop);
            }
            int from = dips[k - 1];
            int to = dips[k];
            canvas.line(x.pixel(times[from]), d.pixel(drawdowns[from]), x.pixel(times[to]), d.pixel(drawdowns[to]),
                    1, index(DRAWDOWN_LINE));
        }
    }

    /** An amount of money short enough for the axis: 95000, 112.5K, 1.25M, 1.00E+15. */
    static String money(double value, double step) {
        double magnitude = Math.max(Math.abs(value), step);
        if (magnitude >= LARGE) {
            return scientific(value);
        }
        String unit = magnitude >= 1e9 ? "B" : magnitude >= 1e6 ? "M" : magnitude >= 1e4 ? "K" : "";
        double divisor = unit.equals("B") ? 1e9 : unit.equals("M") ? 1e6 : unit.equals("K") ? 1e3 : 1;
        return number(value / divisor, step / divisor) + unit;
    }

    static String percent(double fraction, double step) {
        double percent = fraction * 100;
        return (Math.abs(percent) >= LARGE ? scientific(percent) : number(percent, step * 100)) + "%";
    }

    /** 1.00E+308: three digits, for amounts whose digits would not fit beside the chart. */
    private static String scientific(double value) {
        return String.format(Locale.ROOT, "%.2E", value);
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
}
