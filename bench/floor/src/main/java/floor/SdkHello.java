package floor;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of an MCP server on this entry point: the MCP Java SDK's stateless server, built at start as ours is,
 * answers through the mapper it is given (the SDK's Jackson one, as ours, or {@link SerdeMapper}), with 69 made-up
 * tools of about the size of ours (a title, a 150-character description, four parameters, annotations). No
 * QuantConnect client, no checks.
 */
final class SdkHello {

    private final McpJsonMapper json;
    private final McpStatelessServerHandler handler;

    SdkHello(McpJsonMapper json) {
        this.json = json;
        List<SyncToolSpecification> tools = new ArrayList<>();
        for (int i = 0; i < 69; i++) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (String name : List.of("projectId", "backtestId", "name", "start")) {
                properties.put(name, Map.of("type", "string", "description", "The " + name + " of the thing."));
            }
            McpSchema.Tool tool = McpSchema.Tool.builder("tool_" + i)
                    .title("Tool " + i)
                    .description("x".repeat(150))
                    .inputSchema(Map.of("type", "object", "properties", properties, "required", List.of("projectId"),
                            "additionalProperties", false))
                    .annotations(new McpSchema.ToolAnnotations(null, true, false, true, true, null))
                    .build();
            tools.add(new SyncToolSpecification(tool, (context, request) ->
                    McpSchema.CallToolResult.builder().addTextContent("done").build()));
        }
        Transport transport = new Transport();
        McpServer.sync(transport)
                .serverInfo("floor", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                .jsonSchemaValidator(new AcceptAll())
                .immediateExecution(true)
                .tools(tools)
                .build();
        handler = transport.handler;
    }

    String answer(String body) throws IOException {
        McpSchema.JSONRPCRequest request = (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(json, body);
        return json.writeValueAsString(handler.handleRequest(McpTransportContext.EMPTY, request).block());
    }

    /** Ours checks arguments with its own validator (no JSON Schema library); the floor checks nothing. */
    private static final class AcceptAll implements JsonSchemaValidator {
        @Override
        public ValidationResponse validate(Map<String, Object> schema, Object value) {
            return ValidationResponse.asValid(null);
        }

        @Override
        public ValidationResponse validateSchema(Map<String, Object> schema) {
            return ValidationResponse.asValid(null);
        }
    }

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
    }
}
