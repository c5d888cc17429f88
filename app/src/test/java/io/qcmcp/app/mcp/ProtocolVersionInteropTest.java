package io.qcmcp.app.mcp;

import io.qcmcp.app.about.Protocol;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each supported protocol version: the MCP Java SDK client negotiates it and works, and every kind of
 * response the server sends conforms to that version's response schema (src/test/resources/mcp-schema).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolVersionInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeQuantConnect quantConnect = new FakeQuantConnect();
    private final JsonSchemaValidator validator = new DefaultJsonSchemaValidator(JSON);
    private LocalServer server;

    static List<String> versions() {
        return Protocol.VERSIONS;
    }

    @BeforeAll
    void start() {
        server = new LocalServer(quantConnect.properties());
    }

    @AfterAll
    void stop() {
        server.close();
        quantConnect.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    @DisplayName("The SDK client negotiates the version, lists tools and calls one")
    void sdkClient(String version) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.uri().toString())
                        .endpoint("/mcp")
                        .supportedProtocolVersions(List.of(version))
                        .build())
                .requestTimeout(Duration.ofSeconds(20))
                .build();
        try {
            assertEquals(version, client.initialize().protocolVersion());
            assertFalse(client.listTools().tools().isEmpty());
            CallToolResult result = client.callTool(new CallToolRequest("read_mcp_server_version", Map.of(), null));
            assertFalse(Boolean.TRUE.equals(result.isError()));
        } finally {
            client.closeGracefully();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    @DisplayName("Every kind of response conforms to the version's schema")
    void responsesConform(String version) throws Exception {
        Map<String, Object> schema = schema(version);
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", version);

        Reply init = server.send("POST", Map.of("Content-Type", "application/json", "Accept", "application/json"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertEquals(version, JSON.readTree(init.body()).at("/result/protocolVersion").asText());
        conforms(schema, "initializeResult", init);

        conforms(schema, "listToolsResult", server.send("POST", headers,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
        conforms(schema, "callToolResult", server.send("POST", headers,
                "{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"method\":\"tools/call\",\"params\":{\"name\":\"read_mcp_server_version\"}}"));
        conforms(schema, "callToolResult", server.send("POST", headers,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"read_project\",\"arguments\":{}}}"));
        conforms(schema, "emptyResult", server.send("POST", headers, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}"));

        Reply unknown = server.send("POST", headers, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/list\"}");
        valid(schema, "error", JSON.readValue(unknown.body(), Map.class));
        Reply parse = server.send("POST", headers, "{oops");
        valid(schema, "error", JSON.readValue(parse.body(), Map.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    @DisplayName("The schemas reject malformed responses, so the checks above can fail")
    void schemasRejectMalformed(String version) throws Exception {
        Map<String, Object> schema = schema(version);
        assertFalse(check(schema, "callToolResult", Map.of("isError", "yes")).valid());
        assertFalse(check(schema, "response", Map.of("jsonrpc", "1.0", "id", 1, "result", Map.of())).valid());
        assertFalse(check(schema, "listToolsResult", Map.of("tools", List.of(Map.of("name", "x")))).valid());
        assertFalse(check(schema, "initializeResult", Map.of("protocolVersion", version)).valid());
    }

    private void conforms(Map<String, Object> schema, String resultDef, Reply reply) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> response = JSON.readValue(reply.body(), Map.class);
        valid(schema, "response", response);
        valid(schema, resultDef, response.get("result"));
    }

    private void valid(Map<String, Object> schema, String def, Object value) {
        JsonSchemaValidator.ValidationResponse validation = check(schema, def, value);
        assertTrue(validation.valid(), def + ": " + validation.errorMessage() + " in " + value);
    }

    private JsonSchemaValidator.ValidationResponse check(Map<String, Object> schema, String def, Object value) {
        Map<String, Object> pointer = new LinkedHashMap<>(schema);
        pointer.put("$ref", "#/$defs/" + def);
        return validator.validate(pointer, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(String version) throws Exception {
        try (InputStream in = ProtocolVersionInteropTest.class.getResourceAsStream("/mcp-schema/" + version + ".json")) {
            return JSON.readValue(in, Map.class);
        }
    }
}
