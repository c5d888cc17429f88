package io.qcmcp.app.tools.server;

import io.qcmcp.app.tools.TimeRanges;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backtest's equity over time, from its {@code Strategy Equity} chart: the {@code Equity} series, whose
 * values come as {@code [time, value]} or {@code [time, open, high, low, close]} arrays (Unix seconds; a
 * value may be null) and, in older answers, as {@code {x, y}} objects. Points without a value, or whose value
 * or time is not a finite number (JSON's 1e400 reads as Infinity), are skipped.
 *
 * @param times Unix seconds, ascending
 * @param values equity at each time
 */
record EquityCurve(long[] times, double[] values) {

    static final String CHART = "Strategy Equity";
    static final String SERIES = "Equity";
    private static final long DAY = 86_400;
    private static final int NAMES = 10;
    private static final int NAME_CHARS = 64;
    /** Times beyond this many seconds from 1970, either way, are not a time an {@link Instant} can hold. */
    private static final double LATEST = Instant.MAX.getEpochSecond();

    /**
     * The curve in a chart answer of /backtests/chart/read; empty when it holds no {@code Equity} series (see
     * {@link #missing}: no other series stands in for it) or no usable point.
     */
    static Optional<EquityCurve> of(Map<String, Object> answer) {
        if (!(answer.get("chart") instanceof Map<?, ?> chart) || !(chart.get("series") instanceof Map<?, ?> series)
                || !(series.get(SERIES) instanceof Map<?, ?> equity)
                || !(equity.get("values") instanceof List<?> values)) {
            return Optional.empty();
        }
        List<double[]> points = new ArrayList<>(values.size());
        for (Object value : values) {
            double[] point = point(value);
            if (point != null) {
                points.add(point);
            }
        }
        if (points.isEmpty()) {
            return Optional.empty();
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        long[] times = new long[points.size()];
        double[] equities = new double[points.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = (long) points.get(i)[0];
            equities[i] = points.get(i)[1];
        }
        return Optional.of(new EquityCurve(times, equities));
    }

    /**
     * Why a chart answer holding the chart has no equity at all: it has no {@code Equity} series, said with the
     * series it has (at most {@value #NAMES}, each cut to {@value #NAME_CHARS} characters). Empty when the series is
     * there, or when the answer holds no chart (QuantConnect still prepares it).
     */
    static Optional<String> missing(Map<String, Object> answer) {
        if (!(answer.get("chart") instanceof Map<?, ?> chart)) {
            return Optional.empty();
        }
        Map<?, ?> series = chart.get("series") instanceof Map<?, ?> map ? map : Map.of();
        if (series.containsKey(SERIES)) {
            return Optional.empty();
        }
        List<String> names = series.keySet().stream().limit(NAMES).map(String::valueOf)
                .map(name -> name.length() > NAME_CHARS ? name.substring(0, NAME_CHARS) + "..." : name).toList();
        return Optional.of("QuantConnect's " + CHART + " chart has no " + SERIES + " series (" + (names.isEmpty()
                ? "it has no series" : "it has " + String.join(", ", names) + (series.size() > NAMES ? ", ..." : ""))
                + ")");
    }

    private static double[] point(Object value) {
        if (value instanceof List<?> array && array.size() >= 2) {
            return point(array.get(0), array.get(array.size() - 1));
        }
        if (value instanceof Map<?, ?> object) {
            return point(object.get("x"), object.get("y"));
        }
        return null;
    }

    /** A {@code [time, value]} pair when both are numbers, the value finite and the time one {@link Instant} holds. */
    private static double[] point(Object time, Object value) {
        if (!(time instanceof Number t) || !(value instanceof Number v) || !Double.isFinite(v.doubleValue())
                || !(Math.abs(t.doubleValue()) <= LATEST)) {
            return null;
        }
        return new double[] {t.doubleValue(), v.doubleValue()};
    }

    /** The drawdown at each point: equity against its running peak, 0 or below (-0.08 is 8% under the peak). */
    double[] drawdowns() {
        double[] drawdowns = new double[values.length];
        double peak = values[0];
        for (int i = 0; i < values.length; i++) {
            peak = Math.max(peak, values[i]);
            drawdowns[i] = peak > 0 ? values[i] / peak - 1 : 0;
        }
        return drawdowns;
    }

    /** The deepest drawdown, 0 or below. */
    double maxDrawdown() {
        double deepest = 0;
        for (double drawdown : drawdowns()) {
            deepest = Math.min(deepest, drawdown);
        }
        return deepest;
    }

    /**
     * A short summary an assistant can read at a glance: first and last day and equity, high, low, return and
     * deepest drawdown in percent, and {@code samples} evenly spaced {@code [day, equity]} points.
     */
    Map<String, Object> summary(int samples) {
        double high = values[0];
        double low = values[0];
        for (double value : values) {
            high = Math.max(high, value);
            low = Math.min(low, value);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("from", day(times[0]));
        summary.put("to", day(times[times.length - 1]));
        summary.put("start", round(values[0]));
        summary.put("end", round(values[values.length - 1]));
        summary.put("high", round(high));
        summary.put("low", round(low));
        summary.put("returnPercent", values[0] == 0 ? null : round((values[values.length - 1] / values[0] - 1) * 100));
        summary.put("maxDrawdownPercent", round(maxDrawdown() * 100));
        List<List<Object>> points = new ArrayList<>();
        int count = Math.min(samples, values.length);
        for (int k = 0; k < count; k++) {
            int i = count == 1 ? values.length - 1 : (int) Math.round((double) k * (values.length - 1) / (count - 1));
            points.add(List.of(day(times[i]), round(values[i])));
        }
        summary.put("samples", points);
        return summary;
    }

    /**
     * The arguments of read_backtest_chart for this curve: {@code count} points over the backtest's simulated
     * period (its {@code backtestStart} and {@code backtestEnd}, zone-less UTC date-times; when absent, from
     * 1970 to now), widened by a day on each side. QuantConnect gives the start as a UTC date-time at midnight
     * of the algorithm's first day, while an algorithm east of UTC (Tokyo, Sydney) samples its first equity
     * before that midnight in UTC: from the day before, that first sample is kept.
     */
    static Map<String, Object> request(Object projectId, Object backtestId, Map<?, ?> backtest, int count) {
        Long first = TimeRanges.seconds(backtest.get("backtestStart"));
        Long last = TimeRanges.seconds(backtest.get("backtestEnd"));
        long start = first == null ? 0L : first - DAY;
        long end = last == null ? Instant.now().getEpochSecond() : last + DAY;
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("projectId", projectId);
        arguments.put("backtestId", backtestId);
        arguments.put("name", CHART);
        arguments.put("count", count);
        arguments.put("start", start);
        arguments.put("end", Math.max(end, start + 1));
        return arguments;
    }

    static String day(long seconds) {
        String text = Instant.ofEpochSecond(seconds).toString();
        return text.substring(0, text.indexOf('T'));
    }

    /** {@code value} to the cent; an amount too large for cents (or not finite) as it is. */
    private static double round(double value) {
        return Math.abs(value) < 1e15 ? Math.round(value * 100) / 100.0 : value;
    }
}
