package io.qcmcp.app.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.qcmcp.app.about.BuildInfo;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp.Reply;
import io.qcmcp.app.support.SdkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP edges met by the MCP Java SDK's client on the local server; what the client cannot see (headers,
 * bodies of refusals) is read from the same requests sent raw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgesTest {

    private static final String EVIL = "https://evil.example";
    private static final String HUGE_CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"create_file\",\"arguments\":{\"projectId\":1,\"name\":\"big.py\",\"content\":\""
            + "x".repeat(7 * 1024 * 1024) + "\"}}}";

    @RegisterExtension
    final WithFakeQuantConnect<SdkSession> setup = WithFakeQuantConnect.sdk(FakeQuantConnect::properties);

    /** A client of the running server that sends this Origin, not yet initialized. */
    private McpSyncClient clientFrom(String origin) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(setup.server().server().uri().toString()).endpoint("/mcp")
                        .requestBuilder(HttpRequest.newBuilder().header("Origin", origin)).build())
                .requestTimeout(Duration.ofSeconds(20)).build();
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append(" / ");
        }
        return all.toString();
    }

    @Test
    @DisplayName("A client on a foreign origin cannot connect, and the refusal gives its origin no CORS access")
    void foreignOrigin() {
        McpSyncClient foreign = clientFrom(EVIL);
        RuntimeException refused = assertThrows(RuntimeException.class, foreign::initialize);
        assertTrue(messages(refused).contains("Authorization error"), messages(refused));
        foreign.closeGracefully();
        McpSyncClient local = clientFrom("http://localhost:6274");
        assertEquals(BuildInfo.NAME, local.initialize().serverInfo().name());
        local.closeGracefully();
        Reply raw = setup.server().server().send("POST", Map.of("Content-Type", "application/json", "Origin", EVIL),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(403, raw.status());
        assertNull(raw.header("access-control-allow-origin"), raw.headers().toString());
    }

    @Test
    @DisplayName("A 7 MiB tool call, over the web server's own cap, is refused with the JSON-RPC 413")
    void hugeCall() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> setup.server().call("create_file",
                Map.of("projectId", 1, "name", "big.py", "content", "x".repeat(7 * 1024 * 1024))));
        assertTrue(messages(refused).contains("413"), messages(refused));
        Reply reply = setup.server().server().send("POST", Map.of("Content-Type", "application/json"), HUGE_CALL);
        assertEquals(413, reply.status());
        assertTrue(reply.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                + "\"message\":\"Payload too large: the body has 7340"), reply.body());
        assertEquals(0, setup.quantConnect().requestCount());
    }
}
