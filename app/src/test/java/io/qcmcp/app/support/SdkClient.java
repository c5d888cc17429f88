package io.qcmcp.app.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The MCP Java SDK's own client over Streamable HTTP, as an assistant's host would connect. */
public final class SdkClient implements AutoCloseable {

    private final McpSyncClient client;

    /** An initialized client of the server at {@code base} (its /mcp endpoint). */
    public SdkClient(URI base) {
        this(base, Map.of());
        client.initialize();
    }

    /** A client that sends these headers on every request, not yet initialized. */
    public SdkClient(URI base, Map<String, String> headers) {
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base.toString()).endpoint("/mcp")
                        .httpRequestCustomizer((request, method, uri, body, context) -> headers.forEach(request::header))
                        .build())
                .requestTimeout(Duration.ofSeconds(20))
                .build();
    }

    public McpSyncClient client() {
        return client;
    }

    public CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments));
    }

    /** The first text content of a result. */
    public static String text(CallToolResult result) {
        return result.content().stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
                .findFirst().orElse("");
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
