package io.qcmcp.app.mcp;

import io.qcmcp.app.about.Protocol;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.McpHttp.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented HTTP status of every kind of request (README, "HTTP answers"), with an API key, a small
 * body limit and one allowed browser origin configured. Run through both entry points.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpStatusBehaviour {

    static final String KEY = "local-test-key-123";
    static final String ALLOWED_ORIGIN = "https://inspector.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    @RegisterExtension
    final WithFakeQuantConnect<McpHttp> setup = WithFakeQuantConnect.of(quantConnect -> start(properties(quantConnect)));

    abstract McpHttp start(Map<String, Object> properties);

    private static Map<String, Object> properties(FakeQuantConnect quantConnect) {
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.api-key", KEY);
        properties.put("mcp.max-body-bytes", 65_536);
        properties.put("mcp.allowed-origins", ALLOWED_ORIGIN + ",http://localhost:*");
        return properties;
    }

    static Map<String, String> headers(String... extra) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "x-api-key", KEY));
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                headers.remove(extra[i]);
            } else {
                headers.put(extra[i], extra[i + 1]);
            }
        }
        return headers;
    }

    private Reply post(String body, String... extra) {
        return setup.server().send("POST", headers(extra), body);
    }

    private static JsonNode error(Reply reply) throws Exception {
        return JSON.readTree(reply.body()).get("error");
    }

    @Test
    @DisplayName("200: a JSON-RPC request with the right key")
    void ok() {
        assertEquals(200, post(LIST).status());
    }

    @Test
    @DisplayName("A client that accepts only application/json is served")
    void onlyJsonAccepted() {
        assertEquals(200, post(LIST, "Accept", "application/json").status());
    }

    @Test
    @DisplayName("401: missing or wrong x-api-key, with a JSON body")
    void apiKey() throws Exception {
        Reply missing = post(LIST, "x-api-key", null);
        assertEquals(401, missing.status());
        assertTrue(error(missing).get("message").asText().contains("x-api-key"));
        assertEquals(401, post(LIST, "x-api-key", KEY + "x").status());
        assertEquals(401, post(LIST, "x-api-key", "").status());
    }

    @Test
    @DisplayName("403: a foreign Origin is refused without CORS headers; an allowed one gets them; none passes")
    void origin() {
        for (String foreign : new String[] {"https://evil.example", "http://localhost.evil.example"}) {
            Reply refused = post(LIST, "Origin", foreign);
            assertEquals(403, refused.status(), foreign);
            assertNull(refused.header("access-control-allow-origin"), foreign + ": " + refused.headers());
            Reply preflight = setup.server().send("OPTIONS", Map.of("Origin", foreign, "Access-Control-Request-Method", "POST"), null);
            assertEquals(403, preflight.status(), foreign);
            assertNull(preflight.header("access-control-allow-origin"), foreign + ": " + preflight.headers());
        }
        Reply allowed = post(LIST, "Origin", ALLOWED_ORIGIN);
        assertEquals(200, allowed.status(), allowed.body());
        assertEquals(ALLOWED_ORIGIN, allowed.header("access-control-allow-origin"));
        Reply local = post(LIST, "Origin", "http://localhost:6274");
        assertEquals(200, local.status(), local.body() + local.headers());
    }

    @Test
    @DisplayName("OPTIONS answers the CORS preflight of an allowed origin with the headers clients need")
    void preflight() {
        Reply reply = setup.server().send("OPTIONS", Map.of("Origin", ALLOWED_ORIGIN, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type, x-api-key, mcp-protocol-version"), null);
        assertEquals(204, reply.status());
        assertEquals(ALLOWED_ORIGIN, reply.header("access-control-allow-origin"));
        String allowedHeaders = reply.header("access-control-allow-headers");
        for (String header : new String[] {"content-type", "x-api-key", "mcp-protocol-version", "mcp-session-id"}) {
            assertTrue(allowedHeaders.contains(header), allowedHeaders);
        }
        assertTrue(reply.header("access-control-allow-methods").contains("POST"));
        assertEquals(403, setup.server().send("OPTIONS", Map.of("Origin", "https://evil.example"), null).status());
    }

    @Test
    @DisplayName("404: an unknown JSON-RPC method, with -32601 and the request's id")
    void unknownMethod() throws Exception {
        Reply reply = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\"}");
        assertEquals(404, reply.status());
        assertEquals(-32601, error(reply).get("code").asInt());
        assertEquals(9, JSON.readTree(reply.body()).get("id").asInt());
    }

    @Test
    @DisplayName("405: GET, PUT, DELETE and PATCH on /mcp, with Allow: POST, OPTIONS and a JSON message")
    void methodNotAllowed() throws Exception {
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            Reply reply = setup.server().send(method, headers(), "GET".equals(method) ? null : "{}");
            assertEquals(405, reply.status(), method);
            assertEquals("POST, OPTIONS", reply.header("allow"), method);
            assertTrue(error(reply).get("message").asText().contains("SSE"), method);
        }
    }

    @Test
    @DisplayName("406: an Accept that allows neither JSON nor an event stream")
    void notAcceptable() {
        assertEquals(406, post(LIST, "Accept", "text/html").status());
    }

    @Test
    @DisplayName("413: a body over the limit, and the server keeps serving")
    void tooLarge() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";
        Reply reply = post(big);
        assertEquals(413, reply.status());
        assertTrue(error(reply).get("message").asText().contains("65536"));
        assertEquals(200, post(LIST).status());
    }

    @Test
    @DisplayName("413: a body over the web server's own 6 MiB cap gets the same JSON-RPC answer, with CORS headers")
    void farTooLarge() throws Exception {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(7 * 1024 * 1024) + "\"}}";
        Reply reply = post(huge, "Origin", ALLOWED_ORIGIN);
        assertEquals(413, reply.status(), reply.body());
        assertTrue(reply.header("content-type").startsWith("application/json"), reply.headers().toString());
        assertEquals(-32600, error(reply).get("code").asInt(), reply.body());
        assertTrue(error(reply).get("message").asText().contains("65536"), reply.body());
        assertTrue(JSON.readTree(reply.body()).get("id").isNull(), reply.body());
        assertEquals(ALLOWED_ORIGIN, reply.header("access-control-allow-origin"), reply.headers().toString());
        assertEquals(200, post(LIST).status());
    }

    @Test
    @DisplayName("415: a content type that is not JSON")
    void unsupportedMediaType() {
        assertEquals(415, post(LIST, "Content-Type", "text/plain").status());
        assertEquals(200, post(LIST, "Content-Type", "application/json; charset=utf-8").status());
    }

    @Test
    @DisplayName("400: an unsupported MCP-Protocol-Version; a supported one or none is served")
    void protocolVersionHeader() {
        assertEquals(400, post(LIST, "MCP-Protocol-Version", "1999-01-01").status());
        for (String version : Protocol.VERSIONS) {
            assertEquals(200, post(LIST, "MCP-Protocol-Version", version).status(), version);
        }
    }

    @Test
    @DisplayName("400: a batch gets one clear -32600 error with a null id")
    void batch() throws Exception {
        Reply reply = post("[" + LIST + "," + LIST + "]");
        assertEquals(400, reply.status());
        assertEquals(-32600, error(reply).get("code").asInt());
        assertTrue(error(reply).get("message").asText().contains("batch"));
        assertTrue(JSON.readTree(reply.body()).get("id").isNull());
    }

    @Test
    @DisplayName("400: invalid JSON-RPC envelopes, with the id echoed when it is valid")
    void invalidEnvelope() throws Exception {
        Reply wrongVersion = post("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}");
        assertEquals(400, wrongVersion.status());
        assertEquals(5, JSON.readTree(wrongVersion.body()).get("id").asInt());
        Reply badId = post("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}");
        assertEquals(400, badId.status());
        assertTrue(JSON.readTree(badId.body()).get("id").isNull());
        Reply badParams = post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":[1]}");
        assertEquals(-32602, error(badParams).get("code").asInt());
    }

    @Test
    @DisplayName("400 -32700: text after the JSON object (words, a second object, a stray bracket); whitespace is fine")
    void trailingText() throws Exception {
        for (String trailing : new String[] {" xyz", LIST, " " + LIST, "{}", "]", " 5", "\"x\"", " // comment"}) {
            Reply reply = post(LIST + trailing);
            assertEquals(400, reply.status(), trailing + ": " + reply.body().substring(0, Math.min(120, reply.body().length())));
            assertEquals(-32700, error(reply).get("code").asInt(), trailing + ": " + reply.body());
            assertTrue(JSON.readTree(reply.body()).get("id").isNull(), reply.body());
        }
        for (String whitespace : new String[] {"\n", " \r\n\t ", ""}) {
            assertEquals(200, post(LIST + whitespace).status(), "whitespace " + whitespace.length());
        }
    }

    @Test
    @DisplayName("Too deep JSON is a parse error, and the server keeps serving")
    void tooDeep() throws Exception {
        Reply reply = post("[".repeat(5000) + "]".repeat(5000));
        assertEquals(400, reply.status());
        assertEquals(-32700, error(reply).get("code").asInt());
        assertEquals(200, post(LIST).status());
    }

    @Test
    @DisplayName("A response sent by the client is accepted with 202 and no body")
    void clientResponse() {
        Reply reply = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}");
        assertEquals(202, reply.status());
        assertEquals("", reply.body());
    }
}
