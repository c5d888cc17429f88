package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.qcmcp.app.tools.ToolCatalog;
import io.qcmcp.app.tools.server.ReadInfraHealth;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The stateless MCP server behind POST /mcp: one JSON-RPC message in, one reply out. It holds the MCP Java
 * SDK's stateless server and is the transport that server answers through. The bare method
 * {@code read_infra_health} is answered here too, for health checks that speak plain JSON-RPC.
 */
@Singleton
public final class McpEndpoint {

    static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    private final McpJsonMapper mapper;
    private final McpStatelessServerHandler handler;
    private final ReadInfraHealth health;

    McpEndpoint(ToolCatalog catalog, ReadInfraHealth health, ObjectMapper json) {
        this.health = health;
        this.mapper = new JacksonMcpJsonMapper(json);
        Transport transport = new Transport();
        McpServer.sync(transport)
                .serverInfo(BuildInfo.NAME, BuildInfo.VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .instructions(Instructions.TEXT)
                .jsonMapper(mapper)
                .immediateExecution(true)
                .tools(catalog.specifications())
                .build();
        this.handler = transport.handler;
    }

    /** Answers one POSTed body. */
    public McpReply handle(String body) {
        JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, body);
        } catch (IOException | IllegalArgumentException e) {
            return error(400, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the body is not a JSON-RPC message.");
        }
        if (message instanceof JSONRPCRequest request) {
            JSONRPCResponse response = ReadInfraHealth.NAME.equals(request.method())
                    ? JSONRPCResponse.result(request.id(), health.check(arguments(request.params())))
                    : handler.handleRequest(McpTransportContext.EMPTY, request).block();
            return McpReply.json(200, write(response));
        }
        if (message instanceof JSONRPCNotification notification) {
            handler.handleNotification(McpTransportContext.EMPTY, notification).block();
        }
        return McpReply.accepted();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(Object params) {
        if (params instanceof Map<?, ?> map && map.get("arguments") instanceof Map<?, ?> arguments) {
            return (Map<String, Object>) arguments;
        }
        return params instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("A JSON-RPC response could not be written", e);
        }
    }

    /** An error about a message whose id is unknown: written by hand, since the SDK refuses a null id. */
    static McpReply error(int status, int code, String message) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
        return McpReply.json(status, body);
    }

    /** Receives the SDK's handler when the server is built; the endpoint then calls it directly. */
    private static final class Transport implements McpStatelessServerTransport {
        private McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {
            this.handler = handler;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public List<String> protocolVersions() {
            return PROTOCOL_VERSIONS;
        }
    }
}
