package io.qcmcp.app.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The request log line says how the request was answered, so a 401 or 405 probe is told from a failed call. */
class RequestLogStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "status-test-key-9a1";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "application/json, text/event-stream", "x-api-key", KEY);

    /** Sends each request and returns the HTTP status of each reply and of each request log line. */
    private static List<List<Integer>> statuses(Function<Map<String, Object>, McpHttp> start,
                                                List<Function<McpHttp, Integer>> requests) throws Exception {
        Logger log = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.qcmcp.requests");
        LogsHoldNoSecretsTest.Capture capture = new LogsHoldNoSecretsTest.Capture();
        capture.start();
        List<Integer> replies = new ArrayList<>();
        try (McpHttp server = start.apply(Map.of("mcp.api-key", KEY, "mcp.max-body-bytes", 65_536))) {
            log.addAppender(capture);
            for (Function<McpHttp, Integer> request : requests) {
                replies.add(request.apply(server));
            }
        } finally {
            log.detachAppender(capture);
        }
        List<Integer> logged = new ArrayList<>();
        for (String line : capture.lines) {
            JsonNode node = JSON.readTree(line);
            logged.add(node.path("status").isInt() ? node.get("status").asInt() : null);
        }
        return List.of(replies, logged);
    }

    private static List<Function<McpHttp, Integer>> common() {
        return List.of(
                server -> server.send("POST", HEADERS, LIST).status(),
                server -> server.send("POST", HEADERS, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .status(),
                server -> server.send("POST", Map.of("Content-Type", "application/json", "x-api-key", "wrong"), LIST)
                        .status(),
                server -> server.send("GET", HEADERS, null).status(),
                server -> server.send("POST", HEADERS, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}").status(),
                server -> server.send("POST", HEADERS, "x".repeat(70_000)).status());
    }

    @Test
    @DisplayName("Through the Lambda handler: 200, 202, 401, 405, 404 and 413 are logged with their status")
    void lambda() throws Exception {
        List<List<Integer>> statuses = statuses(LambdaHandler::new, common());
        assertEquals(List.of(200, 202, 401, 405, 404, 413), statuses.get(0));
        assertEquals(statuses.get(0), statuses.get(1));
    }

    @Test
    @DisplayName("Through the local server, a body over the web server's own limit (413 before the endpoint) too")
    void local() throws Exception {
        List<Function<McpHttp, Integer>> requests = new ArrayList<>(common());
        requests.add(server -> server.send("POST", HEADERS, "x".repeat(7 * 1024 * 1024)).status());
        List<List<Integer>> statuses = statuses(LocalServer::new, requests);
        assertEquals(List.of(200, 202, 401, 405, 404, 413, 413), statuses.get(0));
        assertEquals(statuses.get(0), statuses.get(1));
    }
}
