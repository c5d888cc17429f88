package io.qcmcp.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Against a deployed stack and the real QuantConnect: run with {@code QUANT_CONNECT_MCP_URL} (the stack's
 * McpUrl output) and {@code QUANT_CONNECT_MCP_API_GATEWAY_API_KEY} set (README, "Deploy to AWS"). Without them
 * every test is reported as skipped, unless {@code QUANT_CONNECT_MCP_E2E_REQUIRED=true} (the deploy workflow),
 * which turns a missing variable into a failure. The round trip creates a project and deletes it at the end.
 */
@EnabledIf(value = "deployedOrRequired", disabledReason = "no deployed stack given (QUANT_CONNECT_MCP_URL, "
        + "QUANT_CONNECT_MCP_API_GATEWAY_API_KEY)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedStackE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static URI url;
    private static String key;
    private static int nextId = 1;
    private static final List<Long> latencies = new ArrayList<>();

    static boolean deployed() {
        String address = System.getenv("QUANT_CONNECT_MCP_URL");
        String given = System.getenv("QUANT_CONNECT_MCP_API_GATEWAY_API_KEY");
        return address != null && address.startsWith("https://") && given != null && !given.isBlank();
    }

    /** Skipped without a stack, unless required: then the tests run, and fail in {@link #target()}. */
    static boolean deployedOrRequired() {
        return deployed() || "true".equalsIgnoreCase(System.getenv("QUANT_CONNECT_MCP_E2E_REQUIRED"));
    }

    @BeforeAll
    static void target() {
        if (!deployed()) {
            fail("QUANT_CONNECT_MCP_URL (https://...) and QUANT_CONNECT_MCP_API_GATEWAY_API_KEY must be set");
        }
        url = URI.create(System.getenv("QUANT_CONNECT_MCP_URL"));
        key = System.getenv("QUANT_CONNECT_MCP_API_GATEWAY_API_KEY");
    }

    @AfterAll
    static void latency() {
        if (latencies.size() > 1) {
            List<Long> warm = new ArrayList<>(latencies.subList(1, latencies.size()));
            Collections.sort(warm);
            System.out.printf("Deployed stack: first call %d ms, warm p50 %d ms over %d calls%n", latencies.get(0),
                    warm.get(warm.size() / 2), warm.size());
        }
    }

    private static HttpResponse<String> send(String method, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(35))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (headers.containsKey("x-api-key") && key.equals(headers.get("x-api-key"))) {
            latencies.add((System.nanoTime() - start) / 1_000_000);
        }
        return response;
    }

    /** {@code response}, once it is known to have {@code status} (its body is shown when not). */
    private static HttpResponse<String> answered(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }

    /** The JSON-RPC error code of {@code response}. */
    private static int errorCode(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/error/code").asInt();
    }

    private static Map<String, String> withKey() {
        return Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream",
                "x-api-key", key, "MCP-Protocol-Version", "2025-06-18");
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return send("POST", body, withKey());
    }

    private static JsonNode rpc(String method, Object params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", nextId++, "method", method, "params", params));
        return JSON.readTree(answered(200, post(body)).body());
    }

    private static JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        JsonNode result = rpc("tools/call", Map.of("name", tool, "arguments", arguments)).get("result");
        assertFalse(result.path("isError").asBoolean(), tool + ": " + result);
        return result.get("structuredContent");
    }

    @Test
    @Order(1)
    @DisplayName("initialize negotiates the protocol and names the server")
    void initialize() throws Exception {
        JsonNode result = rpc("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "e2e", "version", "1"))).get("result");
        assertEquals("2025-06-18", result.get("protocolVersion").asText());
        assertEquals("quant-connect-mcp", result.at("/serverInfo/name").asText());
    }

    @Test
    @Order(2)
    @DisplayName("A request without the API key gets API Gateway's 401 with a JSON body")
    void missingKeyRefused() throws Exception {
        HttpResponse<String> response = answered(401, send("POST", TOOLS_LIST,
                Map.of("Content-Type", "application/json")));
        assertTrue(JSON.readTree(response.body()).path("error").asText().contains("x-api-key"), response.body());
    }

    @Test
    @Order(3)
    @DisplayName("A wrong API key gets the same 401 (API Gateway answers a missing and a wrong key alike)")
    void wrongKeyRefused() throws Exception {
        HttpResponse<String> response = answered(401, send("POST", TOOLS_LIST, Map.of("Content-Type",
                "application/json", "x-api-key", "not-the-key-" + Instant.now().getEpochSecond())));
        JSON.readTree(response.body());
    }

    @Test
    @Order(4)
    @DisplayName("A notification is accepted with 202 and no body")
    void notification() throws Exception {
        HttpResponse<String> response = answered(202,
                post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertTrue(response.body().isEmpty(), response.body());
    }

    @Test
    @Order(5)
    @DisplayName("tools/list answers with the full catalogue")
    void toolsList() throws Exception {
        assertTrue(rpc("tools/list", Map.of()).at("/result/tools").size() >= 60);
    }

    @Test
    @Order(6)
    @DisplayName("GET /mcp answers 405 with Allow: POST, OPTIONS")
    void get() throws Exception {
        HttpResponse<String> response = answered(405, send("GET", null, Map.of("x-api-key", key,
                "Accept", "text/event-stream")));
        assertEquals("POST, OPTIONS", response.headers().firstValue("allow").orElse(""));
    }

    @Test
    @Order(7)
    @DisplayName("OPTIONS from an allowed origin answers the preflight with the function's CORS headers")
    void preflight() throws Exception {
        String origin = System.getenv().getOrDefault("QUANT_CONNECT_MCP_ALLOWED_ORIGIN", "http://localhost:6274");
        HttpResponse<String> preflight = answered(204, send("OPTIONS", null, Map.of("Origin", origin,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-api-key")));
        assertEquals(origin, preflight.headers().firstValue("access-control-allow-origin").orElse(""));
        assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
        assertTrue(preflight.headers().firstValue("access-control-allow-headers").orElse("").contains("x-api-key"));
    }

    @Test
    @Order(8)
    @DisplayName("An unknown JSON-RPC method gets 404 with -32601; invalid JSON gets 400 with -32700")
    void protocolErrors() throws Exception {
        assertEquals(-32601, errorCode(answered(404,
                post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"no/such/method\"}"))));
        assertEquals(-32700, errorCode(answered(400, post("{\"jsonrpc\":\"2.0\",\"id\":"))));
    }

    @Test
    @Order(9)
    @DisplayName("The bare read_infra_health method reports the deployment healthy, QuantConnect included")
    void health() throws Exception {
        JsonNode result = rpc("read_infra_health", Map.of("checkQuantConnect", true)).get("result");
        assertFalse(result.path("isError").asBoolean(), result.toString());
        assertTrue(result.at("/structuredContent/healthy").asBoolean(), result.toString());
    }

    @Test
    @Order(10)
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

    @Test
    @Order(11)
    @DisplayName("Warm tools/list latency over 20 calls (printed)")
    void warmLatency() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, post(TOOLS_LIST).statusCode());
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
