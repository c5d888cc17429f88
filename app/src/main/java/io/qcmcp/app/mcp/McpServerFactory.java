package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.qcmcp.app.about.BuildInfo;
import io.qcmcp.app.about.Instructions;
import io.qcmcp.app.about.Protocol;
import io.qcmcp.app.config.McpConfiguration;
import io.qcmcp.app.tools.ToolRegistry;
import io.qcmcp.app.tools.arguments.ToolArguments;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The MCP Java SDK's stateless server, as beans: its handler (initialize, ping, tools/call of every tool of the
 * {@link ToolRegistry}), the JSON-RPC reader with the request limits, and the argument coercion the handler's
 * validator shares with the endpoint.
 */
@Factory
final class McpServerFactory {

    @Singleton
    McpJsonMapper mcpJsonMapper(ObjectMapper json) {
        return new JacksonMcpJsonMapper(json);
    }

    @Singleton
    JsonRpcReader jsonRpcReader(ObjectMapper json, McpConfiguration configuration) {
        return new JsonRpcReader(json, configuration.maxNestingDepth(), configuration.maxBodyBytes());
    }

    @Singleton
    ToolArguments toolArguments(JsonRpcReader reader, ToolRegistry registry) {
        return new ToolArguments(reader.mapper(), registry.valueAliases());
    }

    /** The SDK's handler of one JSON-RPC message; the endpoint is its transport and calls it directly. */
    @Singleton
    McpStatelessServerHandler handler(ToolRegistry registry, ToolArguments arguments, McpJsonMapper mapper) {
        Transport transport = new Transport();
        McpServer.sync(transport)
                .serverInfo(BuildInfo.NAME, BuildInfo.VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .instructions(Instructions.TEXT)
                .jsonMapper(mapper)
                .jsonSchemaValidator(arguments.validator())
                .immediateExecution(true)
                .tools(registry.specifications())
                .build();
        return transport.handler;
    }

    /** Receives the SDK's handler when the server is built. */
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
            return Protocol.VERSIONS;
        }
    }
}
