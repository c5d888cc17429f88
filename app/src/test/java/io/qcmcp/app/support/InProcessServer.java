package io.qcmcp.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.qcmcp.app.mcp.McpEndpoint;
import io.qcmcp.app.mcp.McpReply;
import io.qcmcp.app.mcp.McpRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The MCP endpoint in this JVM, without HTTP: for tests about tools rather than transport. */
public final class InProcessServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApplicationContext context;
    private final McpEndpoint endpoint;
    private int nextId = 1;

    public InProcessServer(Map<String, Object> properties) {
        context = ApplicationContext.run(properties, "test");
        endpoint = context.getBean(McpEndpoint.class);
    }

    public ApplicationContext context() {
        return context;
    }

    /** Sends one JSON-RPC request and returns the whole response object. */
    public JsonNode request(String method, Object params) {
        return request(method, params, Map.of());
    }

    /** Sends one JSON-RPC request with extra headers (lower-case names) and returns the whole response object. */
    public JsonNode request(String method, Object params, Map<String, String> headers) {
        try {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", nextId++, "method", method,
                    "params", params));
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put("content-type", "application/json");
            McpReply reply = endpoint.handle(new McpRequest("POST", all,
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test-" + nextId, null));
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls a tool and returns its result object. */
    public JsonNode call(String tool, Map<String, Object> arguments) {
        return request("tools/call", Map.of("name", tool, "arguments", arguments)).get("result");
    }

    public JsonNode tools() {
        return request("tools/list", Map.of()).at("/result/tools");
    }

    @Override
    public void close() {
        context.close();
    }
}
