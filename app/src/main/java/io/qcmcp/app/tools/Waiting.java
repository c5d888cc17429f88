package io.qcmcp.app.tools;

import io.qcmcp.app.config.McpConfiguration;
import jakarta.inject.Inject;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.QuantConnectResponse.Success;
import io.qcmcp.client.Wait;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Long-polling for reads of asynchronous jobs (a compile, a backtest, a chart being prepared), so that one tool
 * call covers about 20 seconds of waiting instead of one model turn per poll. The read is asked again, at a
 * growing interval (the first pause, then 1.5 times longer each time, up to four times the first), until its
 * answer has settled or the wait is over; the wait never outlasts the request's {@link Deadline}, less the time
 * of one last read, and pauses on the deadline's time ({@link Deadline#sleep}). When an answer has settled is the spec's to say ({@code x-mcp-wait}, a {@link Wait}), for
 * generated and server tools alike: this class holds the one way of waiting.
 */
@Singleton
public final class Waiting {

    public static final String ARGUMENT = "waitSeconds";
    /** Kept back from the request's deadline for the last read after the wait. */
    static final Duration LAST_READ = Duration.ofSeconds(2);
    /** waitSeconds suggested in the next call when a job has not settled. */
    public static final int NEXT_WAIT_SECONDS = 20;

    private final Duration firstPause;
    private final Duration longestPause;

    @Inject
    Waiting(McpConfiguration configuration) {
        this(configuration.pollInterval());
    }

    Waiting(Duration firstPause) {
        this.firstPause = firstPause;
        this.longestPause = firstPause.multipliedBy(4);
    }

    /**
     * The read of a tool that waits: {@code read} (given the arguments without {@code waitSeconds} and the time
     * each read must end by) is asked until its answer meets {@code waitFor}, QuantConnect refuses, or the
     * {@code waitSeconds} the arguments ask for are over. {@code waitSeconds} bounds the whole call, reads
     * included: a slow QuantConnect does not make it longer. A success is shaped by {@code view}; one that has
     * not settled says so ({@link #unsettled}).
     */
    public QuantConnectResponse read(String tool, Wait waitFor, Map<String, Object> arguments, Deadline deadline,
                                     BiFunction<Map<String, Object>, Deadline, QuantConnectResponse> read,
                                     UnaryOperator<Map<String, Object>> view) {
        Map<String, Object> asked = new LinkedHashMap<>(arguments);
        Object seconds = asked.remove(ARGUMENT);
        Deadline end = end(seconds, Duration.ZERO, deadline);
        Deadline reads = readDeadline(seconds, end, deadline);
        QuantConnectResponse response = until(waitFor, () -> read.apply(asked, reads), end);
        if (!(response instanceof Success success)) {
            return response;
        }
        Map<String, Object> shown = view.apply(success.body());
        return new Success(waitFor.settled(success.body()) ? shown : unsettled(tool, asked, shown));
    }

    /** Reads until the answer meets {@code waitFor}, QuantConnect does not answer with a success, or {@code end}. */
    public QuantConnectResponse until(Wait waitFor, Supplier<QuantConnectResponse> read, Deadline end) {
        return until(read, response -> !(response instanceof Success success) || waitFor.settled(success.body()),
                end);
    }

    /**
     * Reads, and while the answer is not {@code settled}, pauses and reads again, until {@code end}. Returns
     * the last answer, settled or not.
     */
    public <T> T until(Supplier<T> read, Predicate<T> settled, Deadline end) {
        T answer = read.get();
        Duration pause = firstPause;
        while (!settled.test(answer)) {
            Duration left = end.remaining();
            if (left.isZero()) {
                return answer;
            }
            if (!end.sleep(pause.compareTo(left) < 0 ? pause : left)) {
                return answer;
            }
            answer = read.get();
            pause = pause.multipliedBy(3).dividedBy(2);
            if (pause.compareTo(longestPause) > 0) {
                pause = longestPause;
            }
        }
        return answer;
    }

    /**
     * An answer that has not settled, marked as such: {@code settled: false} and {@code nextCall}, the same call
     * waiting {@value #NEXT_WAIT_SECONDS} s, ahead of QuantConnect's answer.
     */
    public static Map<String, Object> unsettled(String tool, Map<String, Object> arguments, Map<String, Object> body) {
        Map<String, Object> next = new LinkedHashMap<>(arguments);
        next.put(ARGUMENT, NEXT_WAIT_SECONDS);
        Map<String, Object> marked = new LinkedHashMap<>();
        marked.put("settled", false);
        marked.put("nextCall", Map.of("tool", tool, "arguments", next));
        marked.putAll(body);
        return marked;
    }

    /**
     * When a wait of {@code seconds} (an argument; {@code fallback} when absent) must end: never later than the
     * request's deadline less the time of one last read.
     */
    public static Deadline end(Object seconds, Duration fallback, Deadline deadline) {
        Duration asked = seconds instanceof Number number ? Duration.ofMillis(Math.max(0,
                (long) Math.min(number.doubleValue() * 1000, Long.MAX_VALUE / 2))) : fallback;
        Duration allowed = deadline.remaining().minus(LAST_READ);
        if (allowed.isNegative()) {
            allowed = Duration.ZERO;
        }
        return deadline.after(asked.compareTo(allowed) < 0 ? asked : allowed);
    }

    /**
     * The time by which each QuantConnect call of a waiting tool must end: with {@code waitSeconds} given, the
     * wait's {@code end} plus one last read, so the caller gets an answer in about the time asked for; without
     * it, the request's deadline.
     */
    public static Deadline readDeadline(Object seconds, Deadline end, Deadline deadline) {
        return seconds instanceof Number ? deadline.earlier(end.after(end.remaining().plus(LAST_READ))) : deadline;
    }

    /** The JSON Schema of {@code waitSeconds}, described for a tool that waits for {@code what}. */
    public static Map<String, Object> argumentSchema(String what) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "integer");
        schema.put("minimum", 0);
        schema.put("description", "Seconds to wait for " + what + ", asking again at intervals; capped by the "
                + "time this request has (about 20 s).");
        return schema;
    }

    /** {@code inputSchema} with {@code waitSeconds} added, for a tool whose operation has an {@code x-mcp-wait}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withArgument(Map<String, Object> inputSchema) {
        Map<String, Object> schema = new LinkedHashMap<>(inputSchema);
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) inputSchema.get("properties"));
        properties.put(ARGUMENT, argumentSchema("the job to finish (default 0: answer at once)"));
        schema.put("properties", properties);
        return schema;
    }
}
