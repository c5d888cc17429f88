package io.qcmcp.app.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What the server records about each MCP request: one JSON log line ("MCP request processed" with requestId,
 * method, duration and success; never arguments, contents, headers or secrets), and on AWS one CloudWatch
 * Embedded Metric Format line per tool call (invocations, errors, duration by tool, plus projects created and
 * backtests started), written to standard output so no network call is made on the request path.
 */
@Singleton
public final class RequestObserver {

    static final String NAMESPACE = "QuantConnectMcp";
    private static final Logger LOG = LoggerFactory.getLogger("io.qcmcp.requests");

    private final boolean emf;
    private final PrintStream out;
    private final JsonFactory json = new JsonFactory();
    private volatile boolean muted;

    /**
     * @param emf {@code qcmcp.metrics.emf}: true or false; when unset, on exactly when running on Lambda
     */
    @Inject
    RequestObserver(@Value("${qcmcp.metrics.emf:}") String emf) {
        this(emf.isBlank() ? System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null : Boolean.parseBoolean(emf.strip()),
                System.out);
    }

    RequestObserver(boolean emf, PrintStream out) {
        this.emf = emf;
        this.out = out;
    }

    /**
     * @param method the JSON-RPC method, or the HTTP method when the request was refused before parsing
     * @param tool the tool name for tools/call, else null
     */
    public void completed(String requestId, String method, String tool, long durationMillis, boolean success) {
        if (muted) {
            return;
        }
        LOG.atInfo()
                .addKeyValue("requestId", requestId)
                .addKeyValue("method", tool != null ? tool : method)
                .addKeyValue("duration", durationMillis)
                .addKeyValue("success", success)
                .log("MCP request processed");
        if (emf && tool != null) {
            out.println(metrics(tool, durationMillis, success));
        }
    }

    /**
     * Stops (true) or resumes (false) recording. The SnapStart priming requests are not users' requests:
     * they must not count in the logs or the metrics.
     */
    public void mute(boolean mute) {
        muted = mute;
    }

    String metrics(String tool, long durationMillis, boolean success) {
        StringWriter text = new StringWriter(320);
        try (JsonGenerator line = json.createGenerator(text)) {
            line.writeStartObject();
            line.writeObjectFieldStart("_aws");
            line.writeNumberField("Timestamp", System.currentTimeMillis());
            line.writeArrayFieldStart("CloudWatchMetrics");
            line.writeStartObject();
            line.writeStringField("Namespace", NAMESPACE);
            line.writeArrayFieldStart("Dimensions");
            line.writeStartArray();
            line.writeString("Tool");
            line.writeEndArray();
            line.writeEndArray();
            line.writeArrayFieldStart("Metrics");
            metric(line, "Invocations", "Count");
            metric(line, "Errors", "Count");
            metric(line, "Duration", "Milliseconds");
            line.writeEndArray();
            line.writeEndObject();
            String business = businessMetric(tool);
            if (business != null && success) {
                line.writeStartObject();
                line.writeStringField("Namespace", NAMESPACE);
                line.writeArrayFieldStart("Dimensions");
                line.writeStartArray();
                line.writeEndArray();
                line.writeEndArray();
                line.writeArrayFieldStart("Metrics");
                metric(line, business, "Count");
                line.writeEndArray();
                line.writeEndObject();
            }
            line.writeEndArray();
            line.writeEndObject();
            line.writeStringField("Tool", tool);
            line.writeNumberField("Invocations", 1);
            line.writeNumberField("Errors", success ? 0 : 1);
            line.writeNumberField("Duration", durationMillis);
            if (business != null && success) {
                line.writeNumberField(business, 1);
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String businessMetric(String tool) {
        return switch (tool) {
            case "create_project" -> "QuantConnect.Projects.Created";
            case "create_backtest" -> "QuantConnect.Backtests.Started";
            default -> null;
        };
    }

    private static void metric(JsonGenerator line, String name, String unit) throws IOException {
        line.writeStartObject();
        line.writeStringField("Name", name);
        line.writeStringField("Unit", unit);
        line.writeEndObject();
    }
}
