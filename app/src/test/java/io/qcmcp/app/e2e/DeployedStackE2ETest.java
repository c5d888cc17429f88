package io.qcmcp.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a deployed stack and the real QuantConnect: run with {@code QUANT_CONNECT_MCP_URL} (the stack's
 * McpUrl output) and {@code QUANT_CONNECT_MCP_API_GATEWAY_API_KEY} set (README, "Deploy to AWS"). Without
 * them every test is reported as skipped. The round trip creates a project and deletes it at the end.
 */
@EnabledIfEnvironmentVariable(named = "QUANT_CONNECT_MCP_URL", matches = "https://.+")
@EnabledIfEnvironmentVariable(named = "QUANT_CONNECT_MCP_API_GATEWAY_API_KEY", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedStackE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static URI url;
    private static String key;
    private static int nextId = 1;

    @BeforeAll
    static void target() {
        url = URI.create(System.getenv("QUANT_CONNECT_MCP_URL"));
        key = System.getenv("QUANT_CONNECT_MCP_API_GATEWAY_API_KEY");
    }

    private static HttpResponse<String> send(String method, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(35))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode rpc(String method, Object params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", nextId++, "method", method, "params", params));
        HttpResponse<String> response = send("POST", body, Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "x-api-key", key, "MCP-Protocol-Version", "2025-06-18"));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        JsonNode result = rpc("tools/call", Map.of("name", tool, "arguments", arguments)).get("result");
        assertFalse(result.path("isError").asBoolean(), tool + ": " + result);
        return result.get("structuredContent");
    }

    @Test
    @Order(1)
    @DisplayName("A request without the API key is refused by API Gateway with a JSON body")
    void missingKeyRefused() throws Exception {
        HttpResponse<String> response = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                Map.of("Content-Type", "application/json"));
        assertTrue(response.statusCode() == 401 || response.statusCode() == 403, response.statusCode() + " " + response.body());
        JSON.readTree(response.body());
    }

    @Test
    @Order(2)
    @DisplayName("tools/list answers with the full catalogue")
    void toolsList() throws Exception {
        assertTrue(rpc("tools/list", Map.of()).at("/result/tools").size() >= 60);
    }

    @Test
    @Order(3)
    @DisplayName("GET /mcp answers 405 and OPTIONS answers the preflight")
    void getAndOptions() throws Exception {
        assertEquals(405, send("GET", null, Map.of("x-api-key", key, "Accept", "text/event-stream")).statusCode());
        HttpResponse<String> preflight = send("OPTIONS", null, Map.of("Origin", "http://localhost:6274",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-api-key"));
        assertTrue(preflight.statusCode() == 200 || preflight.statusCode() == 204, String.valueOf(preflight.statusCode()));
        assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
    }

    @Test
    @Order(4)
    @DisplayName("Project create, file write, compile, backtest, read and delete round trip")
    void roundTrip() throws Exception {
        String name = "e2e/quant-connect-mcp-" + Instant.now().getEpochSecond();
        long projectId = call("create_project", Map.of("name", name, "language", "Py")).at("/projects/0/projectId").asLong();
        try {
            call("update_file_contents", Map.of("projectId", projectId, "name", "main.py", "content",
                    "from AlgorithmImports import *\n\nclass E2E(QCAlgorithm):\n    def initialize(self):\n"
                            + "        self.set_start_date(2024, 1, 2)\n        self.set_end_date(2024, 1, 10)\n"
                            + "        self.add_equity('SPY')\n\n    def on_data(self, data):\n"
                            + "        if not self.portfolio.invested:\n            self.set_holdings('SPY', 1)\n"));
            String compileId = call("create_compile", Map.of("projectId", projectId)).get("compileId").asText();
            String state = poll(() -> call("read_compile", Map.of("projectId", projectId, "compileId", compileId))
                    .get("state").asText(), s -> !"InQueue".equals(s), Duration.ofMinutes(2));
            assertEquals("BuildSuccess", state);
            String backtestId = call("create_backtest", Map.of("projectId", projectId, "compileId", compileId,
                    "backtestName", "e2e")).at("/backtest/backtestId").asText();
            poll(() -> call("read_backtest_reduced", Map.of("projectId", projectId, "backtestId", backtestId))
                    .at("/backtest/completed").asBoolean() ? "done" : "", "done"::equals, Duration.ofMinutes(5));
            assertTrue(call("read_backtest", Map.of("projectId", projectId, "backtestId", backtestId))
                    .at("/backtest/statistics").size() > 0);
        } finally {
            call("delete_project", Map.of("projectId", projectId));
        }
    }

    interface Step {
        String run() throws Exception;
    }

    private static String poll(Step step, java.util.function.Predicate<String> done, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        String value = step.run();
        while (!done.test(value) && Instant.now().isBefore(end)) {
            Thread.sleep(3000);
            value = step.run();
        }
        return value;
    }
}
