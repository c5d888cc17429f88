package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.McpHttp.Reply;
import io.qcmcp.app.support.Spec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every entry point must answer on /setup.server(). Run once through the local server and once through the Lambda
 * handler: the answers must be the same.
 */
abstract class McpHttpBehaviour extends EntryPointBehaviour {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("tools/list answers 200 with every tool")
    void toolsList() throws Exception {
        Reply reply = setup.server().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(200, reply.status());
        assertTrue(reply.header("content-type").startsWith("application/json"), reply.headers().toString());
        JsonNode tools = JSON.readTree(reply.body()).at("/result/tools");
        // Red when a tool of the spec is missing from tools/list, or an unknown one appears.
        Set<String> names = new TreeSet<>();
        tools.forEach(tool -> names.add(tool.path("name").asText()));
        Set<String> expected = new TreeSet<>(Spec.toolNames());
        expected.addAll(Spec.SERVER_TOOLS);
        assertEquals(expected, names);
    }

    @Test
    @DisplayName("A notification is accepted with 202 and no body")
    void notificationAccepted() {
        Reply reply = setup.server().post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, reply.status());
        assertEquals("", reply.body());
    }

    @Test
    @DisplayName("GET /mcp answers 405: there is no SSE stream")
    void getIsNotAllowed() throws Exception {
        Reply reply = setup.server().send("GET", Map.of("Accept", "text/event-stream"), null);
        assertEquals(405, reply.status());
        assertTrue(reply.header("allow").contains("POST"), reply.headers().toString());
        assertTrue(JSON.readTree(reply.body()).at("/error/message").asText().contains("POST"), reply.body());
    }

    @Test
    @DisplayName("ping answers an empty result")
    void ping() throws Exception {
        Reply reply = setup.server().post("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
        assertEquals(200, reply.status());
        assertEquals(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}"), JSON.readTree(reply.body()));
    }

    @Test
    @DisplayName("tools/call reaches QuantConnect, signed, and returns its answer as structured content and text")
    void toolCallReachesQuantConnect() throws Exception {
        setup.quantConnect().answer("/account/read", "{}", qc("read_account.json"));
        Reply reply = setup.server().post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}");
        assertEquals(200, reply.status());
        JsonNode result = JSON.readTree(reply.body()).get("result");
        assertEquals(false, result.get("isError").asBoolean());
        assertEquals(1234.56, result.at("/structuredContent/creditBalance").asDouble());
        assertEquals(result.get("structuredContent"), JSON.readTree(result.at("/content/0/text").asText()));
        assertTrue(setup.quantConnect().requests("/account/read").size() >= 1);
    }

    @Test
    @DisplayName("success:false from QuantConnect becomes an isError result carrying its errors")
    void quantConnectRefusalIsToolError() throws Exception {
        setup.quantConnect().answer("/projects/delete", "{\"projectId\":1}",
                "{\"success\":false,\"errors\":[\"Project not found.\"]}");
        Reply reply = setup.server().post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"delete_project\",\"arguments\":{\"projectId\":1}}}");
        assertEquals(200, reply.status());
        JsonNode result = JSON.readTree(reply.body()).get("result");
        assertEquals(true, result.get("isError").asBoolean());
        assertEquals("QuantConnect refused delete_project: Project not found.", result.at("/content/0/text").asText());
    }

    @Test
    @DisplayName("A body that is not JSON answers 400 with JSON-RPC parse error and a null id")
    void malformedJson() throws Exception {
        Reply reply = setup.server().post("{\"jsonrpc\":\"2.0\",\"id\":1,");
        assertEquals(400, reply.status());
        JsonNode body = JSON.readTree(reply.body());
        assertEquals(-32700, body.at("/error/code").asInt());
        assertTrue(body.get("id").isNull());
    }
}
