package io.qcmcp.app.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The MCP Java SDK's own client, over Streamable HTTP, connected and initialized against a {@link LocalServer}
 * started with the given properties; optional headers go with every request.
 */
public final class SdkSession implements AutoCloseable {

    private final LocalServer server;
    private final McpSyncClient client;

    public SdkSession(Map<String, Object> properties) {
        this(properties, Map.of());
    }

    public SdkSession(Map<String, Object> properties, Map<String, String> headers) {
        server = new LocalServer(properties);
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        headers.forEach(requests::header);
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.uri().toString())
                        .endpoint("/mcp")
                        .requestBuilder(requests)
                        .build())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
    }

    /** Configuration for {@code quantConnect} with waits polling every 100 ms, so waiting tests take a second. */
    public static Map<String, Object> fastPolling(FakeQuantConnect quantConnect) {
        Map<String, Object> properties = new java.util.HashMap<>(quantConnect.properties());
        properties.put("mcp.poll-interval", "100ms");
        return properties;
    }

    /** The server's time, whose pauses are skipped. */
    public SkippingTicker ticker() {
        return SkippingTicker.of(server.context());
    }

    public McpSyncClient client() {
        return client;
    }

    /** The server, for what the client cannot show (headers, raw bodies). */
    public LocalServer server() {
        return server;
    }

    public List<Tool> tools() {
        return client.listTools().tools();
    }

    public CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments, null));
    }

    /** The first text content of a result, empty when there is none. */
    public static String text(CallToolResult result) {
        return result.content().stream().filter(TextContent.class::isInstance)
                .map(content -> ((TextContent) content).text()).findFirst().orElse("");
    }

    @Override
    public void close() {
        client.closeGracefully();
        server.close();
    }
}
