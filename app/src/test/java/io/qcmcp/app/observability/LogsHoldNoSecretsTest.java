package io.qcmcp.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.qcmcp.app.support.ChildJvm;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.McpHttp.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogsHoldNoSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "mcp-key-should-never-appear-7f3a";
    private static final String FILE_BODY = "SECRET_ALPHA_LOGIC = 0.4242  # file content never logged";
    /** An argument value that fails validation: the SDK's validator would log it at WARN. */
    private static final String ARGUMENT = "ARGUMENT-VALUE-NEVER-LOGGED-3e9d";
    private static final int HUGE = 1_000_000;
    static final String DONE = "child done: ";

    /** Collects every log line as the JSON encoder writes it. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new ArrayList<>();
        private final JsonLineEncoder encoder = new JsonLineEncoder();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("A full workflow at debug level logs one JSON line per request and never the token, key, "
            + "signature or file contents")
    void noSecretsInLogs() throws Exception {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        Logger ours = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.qcmcp");
        Level rootLevel = root.getLevel();
        Level ourLevel = ours.getLevel();
        Capture capture = new Capture();
        capture.start();
        root.addAppender(capture);
        root.setLevel(Level.DEBUG);
        ours.setLevel(Level.DEBUG);
        try (FakeQuantConnect quantConnect = new FakeQuantConnect()) {
            Map<String, Object> properties = new HashMap<>(quantConnect.properties());
            properties.put("mcp.api-key", KEY);
            String escapedBody = JSON.writeValueAsString(FILE_BODY);
            quantConnect.answer("/files/create", "{\"projectId\":7,\"name\":\"alpha.py\",\"content\":" + escapedBody
                    + ",\"codeSourceId\":\"quant-connect-mcp\"}", qc("create_file.json"));
            quantConnect.answer("/account/read", "{}", qc("read_account.json"));
            try (LambdaHandler lambda = new LambdaHandler(properties)) {
                Map<String, String> headers = Map.of("Content-Type", "application/json", "Accept", "application/json",
                        "x-api-key", KEY);
                List<String> bodies = List.of(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"create_file\","
                                + "\"arguments\":{\"projectId\":7,\"name\":\"alpha.py\",\"content\":" + escapedBody + "}}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"create_file\","
                                + "\"arguments\":{\"projectId\":\"seven\",\"content\":" + escapedBody + "}}}",
                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\"}}");
                for (String body : bodies) {
                    Reply reply = lambda.send("POST", headers, body);
                    assertTrue(reply.status() < 300, reply.body());
                }
                assertEquals(401, lambda.send("POST", Map.of("Content-Type", "application/json", "x-api-key",
                        KEY + "-wrong"), bodies.get(2)).status());
            }
        } finally {
            root.detachAppender(capture);
            root.setLevel(rootLevel);
            ours.setLevel(ourLevel);
        }
        String all = String.join("", capture.lines);

        assertFalse(all.contains(FakeQuantConnect.API_TOKEN), "token in logs");
        assertFalse(all.contains(KEY), "API key in logs");
        assertFalse(all.contains("SECRET_ALPHA_LOGIC"), "file content in logs");
        assertFalse(all.contains("Basic "), "Authorization header in logs");
        List<JsonNode> requests = new ArrayList<>();
        for (String line : capture.lines) {
            JsonNode node = JSON.readTree(line);
            if ("MCP request processed".equals(node.path("message").asText())) {
                requests.add(node);
            }
        }
        assertEquals(7, requests.size(), "one line per request");
        JsonNode call = requests.get(3);
        assertEquals("create_file", call.get("method").asText());
        assertTrue(call.get("success").asBoolean());
        assertTrue(call.get("duration").isNumber());
        assertFalse(call.get("requestId").asText().isEmpty());
        assertFalse(requests.get(4).get("success").asBoolean(), "an argument error is not a success");
        for (JsonNode line : requests) {
            for (String field : List.of("timestamp", "level", "requestId", "message", "method", "duration", "success")) {
                assertTrue(line.has(field), field + " in " + line);
            }
        }
    }

    /** Run in the child JVM: the requests of {@link #traceLevel} through the local server and the Lambda handler. */
    public static void main(String[] args) throws Exception {
        List<String> statuses = new ArrayList<>();
        try (LocalServer local = new LocalServer(Map.of()); LambdaHandler lambda = new LambdaHandler(Map.of())) {
            for (McpHttp server : List.of(local, lambda)) {
                Map<String, String> headers = Map.of("Content-Type", "application/json",
                        "Accept", "application/json, text/event-stream", "x-api-key", KEY);
                for (String body : traceBodies()) {
                    statuses.add(String.valueOf(server.send("POST", headers, body).status()));
                }
                statuses.add(String.valueOf(server.send("POST", Map.of("Content-Type", "application/json",
                        "x-api-key", KEY + "-wrong"), traceBodies().get(2)).status()));
                statuses.add(String.valueOf(server.send("GET", headers, null).status()));
            }
        }
        System.out.println(DONE + String.join(",", statuses));
        System.out.flush();
        // Some client and event-loop threads outlive the closed contexts; the run is over.
        System.exit(0);
    }

    private static List<String> traceBodies() throws Exception {
        String content = JSON.writeValueAsString(FILE_BODY);
        return List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                        + "P".repeat(HUGE) + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/" + "N".repeat(HUGE) + "\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"read_project\","
                        + "\"arguments\":{\"projectId\":\"" + ARGUMENT + "\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"create_file\","
                        + "\"arguments\":{\"projectId\":7,\"name\":\"alpha.py\",\"content\":" + content + "}}}");
    }

    @Test
    @DisplayName("At LOG_LEVEL=trace, the local server and the Lambda handler, started with the token, user id and "
            + "MCP key in their environment, log no secret, no Authorization header, no argument value and no "
            + "client-sent string longer than 64 characters, through a 1 MB protocolVersion and notification method")
    void traceLevel() throws Exception {
        ChildJvm.Result child;
        Set<String> authorizations = new TreeSet<>();
        try (FakeQuantConnect quantConnect = new FakeQuantConnect()) {
            quantConnect.answer("/account/read", "{}", qc("read_account.json"));
            quantConnect.answer("/files/create", "{\"projectId\":7,\"name\":\"alpha.py\",\"content\":"
                    + JSON.writeValueAsString(FILE_BODY) + ",\"codeSourceId\":\"quant-connect-mcp\"}",
                    qc("create_file.json"));
            child = ChildJvm.exec(LogsHoldNoSecretsTest.class, Map.of("LOG_LEVEL", "trace",
                    "QUANTCONNECT_API_URL", quantConnect.apiUrl(),
                    "QUANTCONNECT_USER_ID", FakeQuantConnect.USER_ID,
                    "QUANTCONNECT_API_TOKEN", FakeQuantConnect.API_TOKEN,
                    "MCP_API_KEY", KEY));
            for (String path : List.of("/account/read", "/files/create")) {
                assertEquals(2, quantConnect.requests(path).size(), "one signed " + path + " per entry point");
                for (LoggedRequest request : quantConnect.requests(path)) {
                    authorizations.add(request.getHeader("Authorization"));
                }
            }
        }
        String log = child.output();
        String tail = log.length() > 3000 ? log.substring(log.length() - 3000) : log;
        assertEquals(0, child.exitCode(), tail);
        assertTrue(log.contains(DONE + "200,202,200,200,200,200,401,405,200,202,200,200,200,200,401,405"), tail);
        long requestLines = log.lines().filter(line -> line.contains("\"MCP request processed\"")).count();
        assertEquals(16, requestLines, "one request line per request, both entry points");

        assertFalse(log.contains(FakeQuantConnect.API_TOKEN), "the QuantConnect token is in the log");
        assertFalse(log.contains(KEY), "the MCP API key is in the log");
        assertFalse(log.contains(FakeQuantConnect.USER_ID), "the QuantConnect user id is in the log");
        assertFalse(authorizations.isEmpty(), "the signed calls' Authorization headers were seen");
        for (String authorization : authorizations) {
            assertFalse(log.contains(authorization.substring("Basic ".length())), "an Authorization header in the log");
        }
        assertFalse(log.contains(ARGUMENT), "an argument value is in the log");
        assertFalse(log.contains("SECRET_ALPHA_LOGIC"), "file content is in the log");
        assertFalse(log.contains("P".repeat(65)), "more than 64 characters of the protocolVersion in the log");
        assertFalse(log.contains("N".repeat(65)), "more than 64 characters of the notification method in the log");
        for (String line : log.lines().toList()) {
            assertTrue(line.length() < 2000, () -> "a log line of " + line.length() + " characters: "
                    + line.substring(0, 300));
        }
    }
}
