package io.qcmcp.app.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.qcmcp.client.QuantConnectResponse.Failed.Cause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode emitted(boolean emf, String tool, boolean success) throws Exception {
        return emitted(emf, tool, null, success);
    }

    private static JsonNode emitted(boolean emf, String tool, String metric, boolean success) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RequestObserver(emf, new PrintStream(out, true, StandardCharsets.UTF_8), null, new MemoryUse(0))
                .completed("r-1", null, null, null, "tools/call", tool, metric, 200, 42, success);
        String text = out.toString(StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : JSON.readTree(text);
    }

    @Test
    @DisplayName("A tool call emits one EMF line with invocations, errors and duration by tool")
    void perToolMetrics() throws Exception {
        JsonNode line = emitted(true, "read_backtest", false);
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertEquals(RequestObserver.NAMESPACE, directive.get("Namespace").asText());
        assertEquals("Tool", directive.at("/Dimensions/0/0").asText());
        assertEquals(2, directive.get("Dimensions").size(), "by tool, and over every tool");
        assertEquals(0, directive.at("/Dimensions/1").size(), "the second set has no dimension: the aggregate");
        assertEquals("Invocations,Errors,Duration", String.join(",",
                directive.get("Metrics").findValuesAsText("Name")));
        assertEquals("read_backtest", line.get("Tool").asText());
        assertEquals(1, line.get("Invocations").asInt());
        assertEquals(1, line.get("Errors").asInt());
        assertEquals(42, line.get("Duration").asInt());
        assertTrue(line.at("/_aws/Timestamp").asLong() > 0);
    }

    @Test
    @DisplayName("A successful call of a tool with a business metric also counts it, without dimension; a failed "
            + "one does not")
    void businessMetrics() throws Exception {
        JsonNode project = emitted(true, "create_project", "QuantConnect.Projects.Created", true);
        assertEquals("QuantConnect.Projects.Created", project.at("/_aws/CloudWatchMetrics/1/Metrics/0/Name").asText());
        assertEquals(0, project.at("/_aws/CloudWatchMetrics/1/Dimensions/0").size());
        assertEquals(1, project.get("QuantConnect.Projects.Created").asInt());
        assertTrue(emitted(true, "create_backtest", "QuantConnect.Backtests.Started", false)
                .path("QuantConnect.Backtests.Started").isMissingNode());
        assertTrue(emitted(true, "read_account", null, true).at("/_aws/CloudWatchMetrics/1").isMissingNode());
    }

    @Test
    @DisplayName("A call refused for its credentials, failed for lack of them, or unanswered by QuantConnect is "
            + "counted in a metric of its own, without dimension; other failures are not")
    void quantConnectFailures() throws Exception {
        Map<Cause, String> names = Map.of(Cause.CREDENTIALS_REJECTED, "QuantConnect.CredentialsRejected",
                Cause.CREDENTIALS_MISSING, "QuantConnect.CredentialsMissing",
                Cause.UNREACHABLE, "QuantConnect.Unreachable");
        for (Map.Entry<Cause, String> expected : names.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new RequestObserver(true, new PrintStream(out, true, StandardCharsets.UTF_8), null, new MemoryUse(0))
                    .failed(expected.getKey());
            JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8).strip());
            JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
            assertEquals(RequestObserver.NAMESPACE, directive.get("Namespace").asText());
            assertEquals(0, directive.at("/Dimensions/0").size());
            assertEquals(expected.getValue(), directive.at("/Metrics/0/Name").asText());
            assertEquals(1, line.get(expected.getValue()).asInt());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RequestObserver observer = new RequestObserver(true, new PrintStream(out, true, StandardCharsets.UTF_8), null,
                new MemoryUse(0));
        observer.failed(Cause.OTHER);
        observer.mute(true);
        observer.failed(Cause.CREDENTIALS_REJECTED);
        new RequestObserver(false, new PrintStream(out, true, StandardCharsets.UTF_8), null, new MemoryUse(0))
                .failed(Cause.UNREACHABLE);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "not for OTHER, nor muted (priming), nor off AWS");
    }

    @Test
    @DisplayName("Off AWS no metric line is written")
    void offAws() throws Exception {
        assertEquals(null, emitted(false, "read_project", true));
    }

    @Test
    @DisplayName("On Lambda the function reports its memory use as a percentage of its memory size, by function, "
            + "at most once a minute")
    void memoryUtilisation() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RequestObserver observer = new RequestObserver(true, new PrintStream(out, true, StandardCharsets.UTF_8),
                "QuantConnectMcp-Function", new MemoryUse(1024));
        observer.completed("r-1", null, null, null, "tools/list", null, null, 200, 1, true);
        observer.completed("r-2", null, null, null, "tools/list", null, null, 200, 1, true);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length, "one memory line in the first minute");
        JsonNode line = JSON.readTree(lines[0]);
        assertEquals("MemoryUtilization", line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText());
        assertEquals("Percent", line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText());
        assertEquals("FunctionName", line.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText());
        assertEquals("QuantConnectMcp-Function", line.get("FunctionName").asText());
        double expected = 100.0 * MemoryUse.residentBytes() / (1024L * 1024 * 1024);
        assertEquals(expected, line.get("MemoryUtilization").asDouble(), 2.0, "resident set over 1024 MB");
        observer.reportMemory(System.nanoTime() + RequestObserver.MEMORY_REPORT_INTERVAL_NANOS + 1);
        assertEquals(2, out.toString(StandardCharsets.UTF_8).strip().split("\n").length, "again after a minute");
    }

    @Test
    @DisplayName("The resident set is read from VmRSS in kB")
    void residentSet() {
        assertEquals(153_600L * 1024, MemoryUse.resident(java.util.List.of("Name:\tjava", "VmPeak:\t 999 kB",
                "VmRSS:\t  153600 kB", "VmData:\t 1 kB")));
        assertEquals(-1, MemoryUse.resident(java.util.List.of("Name:\tjava")));
    }
}
