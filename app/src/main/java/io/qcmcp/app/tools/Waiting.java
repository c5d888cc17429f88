package io.qcmcp.app.tools;

import io.micronaut.context.annotation.Value;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.Operation;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Long-polling for reads of asynchronous jobs (a compile, a backtest), so that one tool call covers about
 * 20 seconds of waiting instead of one model turn per poll. The read is asked again, at a growing interval
 * (the first pause, then 1.5 times longer each time, up to four times the first), until its answer has
 * settled or the wait is over; the wait never outlasts the request's {@link Deadline}, less the time of one
 * last read.
 *
 * <p>Why a wrapper around the tool rather than hand-written tools: {@code read_compile} stays generated from
 * the spec (name, description, schema, annotations), and the spec itself says, in {@code x-mcp-wait}, which
 * answer means settled. The wrapper only adds the {@code waitSeconds} argument, takes it out of what is sent
 * to QuantConnect, and repeats the generated handler. Server tools use the same wrapper, or
 * {@link #until} directly, with a {@link Operation.Wait} of their own.
 */
@Singleton
public final class Waiting {

    public static final String ARGUMENT = "waitSeconds";
    /** Kept back from the request's deadline for the last read after the wait. */
    static final Duration LAST_READ = Duration.ofSeconds(2);

    private final Duration firstPause;
    private final Duration longestPause;

    Waiting(@Value("${mcp.poll-interval:1s}") Duration firstPause) {
        this.firstPause = firstPause;
        this.longestPause = firstPause.multipliedBy(4);
    }

    /** The tool of {@code operation}, waiting when the spec gives the operation an {@code x-mcp-wait}. */
    public SyncToolSpecification around(Operation operation, SyncToolSpecification specification) {
        return operation.waitFor() == null ? specification : around(operation.waitFor(), specification);
    }

    /** The same tool with an optional {@code waitSeconds}: it reads again until {@code waitFor} is met. */
    public SyncToolSpecification around(Operation.Wait waitFor, SyncToolSpecification specification) {
        McpSchema.Tool tool = specification.tool();
        McpSchema.Tool waiting = McpSchema.Tool.builder(tool.name())
                .title(tool.title())
                .description(tool.description())
                .inputSchema(withArgument(tool.inputSchema()))
                .annotations(tool.annotations())
                .build();
        return new SyncToolSpecification(waiting, (context, request) -> {
            Map<String, Object> arguments = new LinkedHashMap<>(request.arguments() == null ? Map.of()
                    : request.arguments());
            Object seconds = arguments.remove(ARGUMENT);
            McpSchema.CallToolRequest read = new McpSchema.CallToolRequest(request.name(), arguments, request.meta());
            return until(() -> specification.callHandler().apply(context, read),
                    result -> Boolean.TRUE.equals(result.isError()) || settled(waitFor, result),
                    end(seconds, Duration.ZERO, CallContext.deadline(context)));
        });
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
            if (!sleep(pause.compareTo(left) < 0 ? pause : left)) {
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
     * When a wait of {@code seconds} (an argument; {@code fallback} when absent) must end: never later than the
     * request's deadline less the time of one last read.
     */
    public static Deadline end(Object seconds, Duration fallback, Deadline deadline) {
        Duration asked = seconds instanceof Number number ? Duration.ofMillis(Math.max(0,
                (long) (number.doubleValue() * 1000))) : fallback;
        Duration allowed = deadline.remaining().minus(LAST_READ);
        if (allowed.isNegative()) {
            allowed = Duration.ZERO;
        }
        return Deadline.in(asked.compareTo(allowed) < 0 ? asked : allowed);
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> withArgument(Map<String, Object> inputSchema) {
        Map<String, Object> schema = new LinkedHashMap<>(inputSchema);
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) inputSchema.get("properties"));
        properties.put(ARGUMENT, argumentSchema("the job to finish (default 0: answer at once)"));
        schema.put("properties", properties);
        return schema;
    }

    @SuppressWarnings("unchecked")
    private static boolean settled(Operation.Wait waitFor, CallToolResult result) {
        return result.structuredContent() instanceof Map<?, ?> answer && waitFor.settled((Map<String, Object>) answer);
    }

    /** Pauses; false when interrupted (the request is being abandoned). */
    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
