package io.qcmcp.app.tools;

import io.qcmcp.client.Deadline;
import io.qcmcp.client.JsonPointer;
import io.qcmcp.client.Operation;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectResponse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills the time range of a read that QuantConnect answers with one point per series when it is given none
 * ({@code x-mcp-range}, an {@link Operation.Range}): the operation named there is read once, before any
 * waiting, and its date-times become {@code start} (a day earlier, so that algorithms east of UTC keep their
 * first sample) and {@code end} (a day later, or now).
 */
public final class TimeRanges {

    static final String START = "start";
    static final String END = "end";
    private static final long DAY = 86_400;

    private final QuantConnectClient client;
    private final Map<String, Operation> operations;

    /** @param operations every generated operation by tool name, where {@link Operation.Range#from()} is found */
    TimeRanges(QuantConnectClient client, Map<String, Operation> operations) {
        this.client = client;
        this.operations = operations;
        operations.values().stream().filter(operation -> operation.range() != null).forEach(operation -> {
            if (!operations.containsKey(operation.range().from())) {
                throw new IllegalStateException("x-mcp-range of " + operation.name() + " reads "
                        + operation.range().from() + ", which is no tool (openapi/quantconnect.yaml)");
            }
        });
    }

    /**
     * The arguments to send: {@code arguments} with {@code start} and {@code end} filled where absent, or
     * unchanged. {@code refusal} is set instead when the read that gives the range failed.
     */
    record Filled(Map<String, Object> arguments, QuantConnectResponse refusal) {
    }

    Filled fill(Operation operation, Map<String, Object> arguments, Deadline deadline) {
        Operation.Range range = operation.range();
        if (range == null || arguments.get(START) != null && arguments.get(END) != null) {
            return new Filled(arguments, null);
        }
        Operation from = operations.get(range.from());
        Map<String, Object> asked = new LinkedHashMap<>();
        from.input().properties().keySet().forEach(name -> {
            if (arguments.get(name) != null) {
                asked.put(name, arguments.get(name));
            }
        });
        QuantConnectResponse answer = client.call(from, asked, deadline);
        if (!(answer instanceof QuantConnectResponse.Success success)) {
            return new Filled(arguments, answer);
        }
        Map<String, Object> filled = new LinkedHashMap<>(arguments);
        Long start = seconds(JsonPointer.at(success.body(), range.start(), null));
        if (filled.get(START) == null && start != null) {
            filled.put(START, Math.max(0, start - DAY));
        }
        Long end = range.end() == null ? null : seconds(JsonPointer.at(success.body(), range.end(), null));
        if (filled.get(END) == null) {
            filled.put(END, end != null ? end + DAY : Instant.now().getEpochSecond());
        }
        return new Filled(filled, null);
    }

    /**
     * A QuantConnect date-time ({@code YYYY-MM-DD HH:MM:SS}, UTC; or RFC 3339 in UTC) as Unix seconds, to the
     * second; null if none. The one reader of those date-times for time ranges (EquityCurve reads with it too).
     */
    public static Long seconds(Object value) {
        if (!(value instanceof String text) || text.strip().length() < 19) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip().substring(0, 19).replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
