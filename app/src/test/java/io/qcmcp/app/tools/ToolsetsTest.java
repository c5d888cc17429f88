package io.qcmcp.app.tools;

import io.micronaut.context.ApplicationContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.SdkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MCP_TOOLSETS and MCP_READ_ONLY narrow tools/list and refuse calls outside them; the X-MCP-Toolsets and
 * X-MCP-Read-Only headers narrow further per request and never widen. Through the SDK client.
 */
class ToolsetsTest {

    static final Set<String> SERVER_TOOLS = Set.of("read_mcp_server_version", "read_infra_health");
    private static FakeQuantConnect quantConnect;

    @BeforeAll
    static void start() {
        quantConnect = new FakeQuantConnect();
        quantConnect.answer("/account/read", "{}", qc("read_account.json"));
    }

    @AfterAll
    static void stop() {
        quantConnect.close();
    }

    private static Map<String, Object> properties(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.putAll(settings);
        return properties;
    }

    private static Set<String> names(SdkSession session) {
        Set<String> names = new TreeSet<>();
        session.tools().forEach(tool -> names.add(tool.name()));
        return names;
    }

    private static Set<String> with(String... tools) {
        Set<String> names = new TreeSet<>(SERVER_TOOLS);
        names.addAll(List.of(tools));
        return names;
    }

    @Test
    @DisplayName("The toolsets are the spec's tags in kebab case")
    void toolsetsAreTheTags() {
        try (ApplicationContext context = ApplicationContext.run("test")) {
            assertEquals(new TreeSet<>(List.of("account", "projects", "files", "compile", "backtests",
                    "optimizations", "live", "object-store", "lean", "ai")), context.getBean(ToolRegistry.class).toolsets());
        }
    }

    @Test
    @DisplayName("MCP_TOOLSETS lists only the tools of those toolsets, and a call to another is a clear isError")
    void configuredToolsets() {
        try (SdkSession session = new SdkSession(properties(Map.of("mcp.toolsets", "account, Compile")))) {
            assertEquals(with("read_account", "create_compile", "read_compile"), names(session));

            CallToolResult refused = session.call("create_project", Map.of("name", "Momentum", "language", "Py"));
            assertTrue(refused.isError());
            assertEquals("create_project is not available here: its toolset 'projects' is not enabled (enabled: "
                    + "account, compile). The server's MCP_TOOLSETS and the request's X-MCP-Toolsets header choose "
                    + "the toolsets.", SdkSession.text(refused));
            assertEquals(0, quantConnect.requests("/projects/create").size());

            CallToolResult allowed = session.call("read_account", Map.of());
            assertFalse(allowed.isError(), SdkSession.text(allowed));
        }
    }

    @Test
    @DisplayName("MCP_READ_ONLY=true lists only read-only tools and refuses the others before QuantConnect sees them")
    void readOnly() {
        try (SdkSession session = new SdkSession(properties(Map.of("mcp.read-only", "true")))) {
            List<Tool> tools = session.tools();
            assertTrue(tools.size() > 20, tools.size() + " tools");
            tools.forEach(tool -> assertTrue(tool.annotations().readOnlyHint(), tool.name()));
            Set<String> names = names(session);
            assertTrue(names.contains("read_compile") && !names.contains("create_compile"), names.toString());

            CallToolResult refused = session.call("create_compile", Map.of("projectId", 2134567));
            assertTrue(refused.isError());
            assertTrue(SdkSession.text(refused).startsWith("create_compile is not available here: this server is "
                    + "read-only"), SdkSession.text(refused));
            assertEquals(0, quantConnect.requests("/compile/create").size());
        }
    }

    @Test
    @DisplayName("X-MCP-Toolsets and X-MCP-Read-Only narrow one client's tools on a server that offers all")
    void headersNarrow() {
        try (SdkSession session = new SdkSession(properties(Map.of()),
                Map.of("X-MCP-Toolsets", "compile,account", "X-MCP-Read-Only", "true"))) {
            assertEquals(with("read_account", "read_compile"), names(session));
            assertTrue(session.call("create_compile", Map.of("projectId", 2134567)).isError());
        }
        try (SdkSession everything = new SdkSession(properties(Map.of()))) {
            assertTrue(names(everything).containsAll(List.of("create_compile", "create_live_algorithm")));
        }
    }

    @Test
    @DisplayName("On Lambda the headers narrow tools/list the same way")
    void headersThroughLambdaHandler() throws Exception {
        try (LambdaHandler lambda = new LambdaHandler(properties(Map.of()))) {
            McpHttp.Reply reply = lambda.send("POST", Map.of("Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream", "X-MCP-Toolsets", "account",
                    "X-MCP-Read-Only", "TRUE"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            Set<String> names = new TreeSet<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).at("/result/tools")
                    .forEach(tool -> names.add(tool.get("name").asText()));
            assertEquals(with("read_account"), names);
        }
    }

    @Test
    @DisplayName("Headers never widen what the server offers")
    void headersNeverWiden() {
        try (SdkSession session = new SdkSession(properties(Map.of("mcp.toolsets", "compile", "mcp.read-only", "true")),
                Map.of("X-MCP-Toolsets", "compile,live", "X-MCP-Read-Only", "false"))) {
            assertEquals(with("read_compile"), names(session));
            CallToolResult live = session.call("stop_live_algorithm", Map.of("projectId", 2134567));
            assertTrue(live.isError() && SdkSession.text(live).contains("toolset 'live' is not enabled"),
                    SdkSession.text(live));
            CallToolResult write = session.call("create_compile", Map.of("projectId", 2134567));
            assertTrue(write.isError() && SdkSession.text(write).contains("read-only"), SdkSession.text(write));
            assertEquals(0, quantConnect.requests("/live/update/stop").size()
                    + quantConnect.requests("/compile/create").size());
        }
    }

    @Test
    @DisplayName("Browsers may send the two headers: the CORS preflight allows them")
    void preflightAllowsTheHeaders() {
        try (LocalServer server = new LocalServer(Map.of())) {
            McpHttp.Reply reply = server.send("OPTIONS", Map.of("Origin", "http://localhost:6274",
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "content-type, x-mcp-toolsets, x-mcp-read-only"), null);
            assertEquals(204, reply.status());
            String allowed = reply.header("access-control-allow-headers");
            assertTrue(allowed.contains("x-mcp-toolsets") && allowed.contains("x-mcp-read-only"), allowed);
        }
    }

    @Test
    @DisplayName("An unknown name in MCP_TOOLSETS stops the server at start, naming the known toolsets")
    void unknownToolset() {
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(Map.of("mcp.toolsets", "backtest"), "test").close());
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("unknown toolsets [backtest]")
                && cause.getMessage().contains("backtests"), cause.getMessage());
    }
}
