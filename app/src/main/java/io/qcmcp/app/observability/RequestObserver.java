package io.qcmcp.app.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micronaut.context.annotation.Value;
import io.qcmcp.client.FailureListener;
import io.qcmcp.client.QuantConnectResponse.Failed.Cause;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What the server records about each MCP request: one JSON log line ("MCP request processed" with requestId,
 * the fingerprint of the caller's API key, or of its OAuth token's subject with the token's client id, when there is
 * one, method, HTTP status, duration and success; never
 * arguments, contents, headers, keys or secrets), and on AWS CloudWatch Embedded Metric Format lines: one per tool call
 * (invocations, errors, duration by tool and over all tools, plus the business metric the tool counts, such as
 * projects created and backtests started), one per
 * QuantConnect call that failed for its credentials or for QuantConnect being unreachable, and at most once a minute
 * the function's memory utilisation (for the stack's memory alarm). They are written to standard output, so no
 * network call is made on the request path.
 */
@Singleton
public final class RequestObserver implements FailureListener {

    static final String NAMESPACE = "QuantConnectMcp";
    private static final Logger LOG = LoggerFactory.getLogger("io.qcmcp.requests");
    private static final Logger AUDIT = LoggerFactory.getLogger("io.qcmcp.audit");
    /** The arguments an audit line names: ids, the one kind of argument value the log may carry. */
    static final List<String> AUDITED_IDS = List.of("projectId", "compileId", "backtestId", "deployId");
    private static final int MAX_ID_CHARS = 64;

    static final long MEMORY_REPORT_INTERVAL_NANOS = 60_000_000_000L;
    private static final List<List<String>> NO_DIMENSION = List.of(List.of());

    private final boolean emf;
    private final PrintStream out;
    private final String functionName;
    private final MemoryUse memory;
    private final JsonFactory json = new JsonFactory();
    private volatile boolean muted;
    private volatile long lastMemoryReport;
    private volatile boolean memoryReported;

    /**
     * @param emf {@code qcmcp.metrics.emf}: true or false; when unset, on exactly when running on Lambda
     */
    @Inject
    RequestObserver(@Value("${qcmcp.metrics.emf:}") String emf) {
        this(emf.isBlank() ? System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null : Boolean.parseBoolean(emf.strip()),
                System.out, System.getenv("AWS_LAMBDA_FUNCTION_NAME"),
                new MemoryUse(megabytes(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"))));
    }

    RequestObserver(boolean emf, PrintStream out, String functionName, MemoryUse memory) {
        this.emf = emf;
        this.out = out;
        this.functionName = functionName;
        this.memory = memory;
    }

    /**
     * @param apiKeyFingerprint a fingerprint of the caller's API key (never the key), or null
     * @param subjectFingerprint a fingerprint of the caller's OAuth token subject (never the token), or null
     * @param clientId the OAuth client the caller's token was issued to, or null
     * @param method the JSON-RPC method, or the HTTP method when the request was refused before parsing
     * @param tool the tool name for tools/call, else null
     * @param metric the business metric the call counts (a tool's x-mcp-metric), or null
     * @param status the HTTP status of the answer
     */
    public void completed(String requestId, String apiKeyFingerprint, String subjectFingerprint, String clientId,
                          String method, String tool, String metric, int status, long durationMillis,
                          boolean success) {
        if (muted) {
            return;
        }
        var line = caller(LOG.atInfo().addKeyValue("requestId", requestId), apiKeyFingerprint, subjectFingerprint,
                clientId);
        line.addKeyValue("method", tool != null ? tool : method)
                .addKeyValue("status", status)
                .addKeyValue("duration", durationMillis)
                .addKeyValue("success", success)
                .log("MCP request processed");
        if (emf && tool != null) {
            out.println(metrics(tool, success ? metric : null, durationMillis, success));
        }
        if (emf && functionName != null) {
            reportMemory(System.nanoTime());
        }
    }

    /**
     * One {@code "MCP audit"} line for a call that writes or touches live trading: the tool, who called (key or token
     * subject fingerprint, client id), the ids among its arguments (each cut to 64 characters; no other argument
     * value, ever), whether it was a preview or executed (or refused before QuantConnect), and how it ended.
     *
     * @param stage {@code executed}, {@code preview} or {@code refused}
     * @param outcome {@code success} or {@code error}
     * @param live whether the tool changes live trading (the stack's alarm counts these when executed)
     */
    public void audited(String requestId, String tool, boolean live, String apiKeyFingerprint,
                        String subjectFingerprint, String clientId, Map<String, Object> arguments, String stage,
                        String outcome) {
        if (muted) {
            return;
        }
        var line = caller(AUDIT.atInfo().addKeyValue("requestId", requestId).addKeyValue("tool", tool)
                .addKeyValue("live", live), apiKeyFingerprint, subjectFingerprint, clientId);
        for (String id : AUDITED_IDS) {
            Object value = arguments.get(id);
            if (value instanceof String || value instanceof Number) {
                String text = String.valueOf(value);
                line = line.addKeyValue(id, text.length() > MAX_ID_CHARS ? text.substring(0, MAX_ID_CHARS) : text);
            }
        }
        line.addKeyValue("stage", stage).addKeyValue("outcome", outcome).log("MCP audit");
    }

    /** The caller's fingerprints and client id, those that are known, added to a log line. */
    private static LoggingEventBuilder caller(LoggingEventBuilder line, String apiKeyFingerprint,
                                              String subjectFingerprint, String clientId) {
        if (apiKeyFingerprint != null) {
            line = line.addKeyValue("apiKeyFingerprint", apiKeyFingerprint);
        }
        if (subjectFingerprint != null) {
            line = line.addKeyValue("subjectFingerprint", subjectFingerprint);
        }
        return clientId == null ? line : line.addKeyValue("clientId", clientId);
    }

    /** The memory line, if the last one is a minute old (or there was none). */
    void reportMemory(long now) {
        if (memoryReported && now - lastMemoryReport < MEMORY_REPORT_INTERVAL_NANOS) {
            return;
        }
        double percent = memory.percent();
        if (percent < 0) {
            return;
        }
        lastMemoryReport = now;
        memoryReported = true;
        out.println(memoryMetric(percent));
    }

    private static long megabytes(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Stops (true) or resumes (false) recording. The SnapStart priming requests are not users' requests:
     * they must not count in the logs or the metrics.
     */
    public void mute(boolean mute) {
        muted = mute;
    }

    String metrics(String tool, String business, long durationMillis, boolean success) {
        return emf(line -> {
            directive(line, List.of(List.of("Tool"), List.of()), "Invocations", "Count", "Errors", "Count",
                    "Duration", "Milliseconds");
            if (business != null) {
                directive(line, NO_DIMENSION, business, "Count");
            }
        }, line -> {
            line.writeStringField("Tool", tool);
            line.writeNumberField("Invocations", 1);
            line.writeNumberField("Errors", success ? 0 : 1);
            line.writeNumberField("Duration", durationMillis);
            if (business != null) {
                line.writeNumberField(business, 1);
            }
        });
    }

    String memoryMetric(double percent) {
        return emf(line -> directive(line, List.of(List.of("FunctionName")), "MemoryUtilization", "Percent"), line -> {
            line.writeStringField("FunctionName", functionName);
            line.writeNumberField("MemoryUtilization", Math.round(percent * 10) / 10.0);
        });
    }

    /** Writes part of an EMF line. */
    private interface Part {
        void write(JsonGenerator line) throws IOException;
    }

    /** One EMF line: the {@code _aws} metadata with its metric directives, then the values. */
    private String emf(Part directives, Part values) {
        StringWriter text = new StringWriter(320);
        try (JsonGenerator line = json.createGenerator(text)) {
            line.writeStartObject();
            line.writeObjectFieldStart("_aws");
            line.writeNumberField("Timestamp", System.currentTimeMillis());
            line.writeArrayFieldStart("CloudWatchMetrics");
            directives.write(line);
            line.writeEndArray();
            line.writeEndObject();
            values.write(line);
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * A metric directive with its dimension sets (the metrics are recorded once per set; an empty set is the
     * aggregate, which an alarm can watch) and name, unit pairs.
     */
    private static void directive(JsonGenerator line, List<List<String>> dimensionSets, String... namesAndUnits)
            throws IOException {
        line.writeStartObject();
        line.writeStringField("Namespace", NAMESPACE);
        line.writeArrayFieldStart("Dimensions");
        for (List<String> set : dimensionSets) {
            line.writeStartArray();
            for (String dimension : set) {
                line.writeString(dimension);
            }
            line.writeEndArray();
        }
        line.writeEndArray();
        line.writeArrayFieldStart("Metrics");
        for (int i = 0; i < namesAndUnits.length; i += 2) {
            line.writeStartObject();
            line.writeStringField("Name", namesAndUnits[i]);
            line.writeStringField("Unit", namesAndUnits[i + 1]);
            line.writeEndObject();
        }
        line.writeEndArray();
        line.writeEndObject();
    }

    /**
     * A QuantConnect call failed for its credentials or because QuantConnect was unreachable: one line with a
     * metric of its own, without dimension, for the stack's credentials alarm (the tool's own line counts the
     * error as any other).
     */
    @Override
    public void failed(Cause cause) {
        String name = switch (cause) {
            case CREDENTIALS_REJECTED -> "QuantConnect.CredentialsRejected";
            case CREDENTIALS_MISSING -> "QuantConnect.CredentialsMissing";
            case UNREACHABLE -> "QuantConnect.Unreachable";
            case OTHER -> null;
        };
        if (muted || !emf || name == null) {
            return;
        }
        out.println(emf(line -> directive(line, NO_DIMENSION, name, "Count"),
                line -> line.writeNumberField(name, 1)));
    }
}
