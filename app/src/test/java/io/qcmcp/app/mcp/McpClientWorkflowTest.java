package io.qcmcp.app.mcp;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.support.FakeQuantConnect;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core QuantConnect workflow driven by the MCP Java SDK's own client over Streamable HTTP against the
 * running server, with a fake QuantConnect that checks every signature and request body.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpClientWorkflowTest implements TestPropertyProvider {

    private static final String COMPILE_ID = "c0ffee00c0ffee00c0ffee00c0ffee00-a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6";
    private static final String BACKTEST_ID = "26c7bb06b8487cff1c7b3c44652b30f1";

    private final FakeQuantConnect quantConnect = new FakeQuantConnect();

    @Inject
    EmbeddedServer server;

    private McpSyncClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>();
        quantConnect.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        return properties;
    }

    @BeforeAll
    void connect() {
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.getURL().toString())
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    void disconnect() {
        client.closeGracefully();
        quantConnect.close();
    }

    @Test
    @DisplayName("A real MCP client initializes, lists the tools and runs project, file, compile and backtest steps")
    void fullWorkflow() {
        InitializeResult init = client.initialize();
        assertEquals("quant-connect-mcp", init.serverInfo().name());
        assertTrue(init.capabilities().tools() != null, "tools capability");

        List<String> names = client.listTools().tools().stream().map(Tool::name).toList();
        assertTrue(names.containsAll(List.of("create_project", "read_project", "create_file", "create_compile",
                "read_compile", "create_backtest", "read_backtest")), names.toString());

        quantConnect.answer("/projects/create", "{\"name\":\"Momentum\",\"language\":\"Py\"}", qc("create_project.json"));
        quantConnect.answer("/projects/read", "{\"projectId\":2134567}", qc("read_project.json"));
        quantConnect.answer("/files/create",
                "{\"projectId\":2134567,\"name\":\"alpha.py\",\"content\":\"from AlgorithmImports import *\\n\","
                        + "\"codeSourceId\":\"quant-connect-mcp\"}",
                qc("create_file.json"));
        quantConnect.answer("/compile/create", "{\"projectId\":2134567}", qc("create_compile.json"));
        quantConnect.answer("/compile/read", "{\"projectId\":2134567,\"compileId\":\"" + COMPILE_ID + "\"}",
                qc("read_compile.json"));
        quantConnect.answer("/backtests/create", "{\"projectId\":2134567,\"compileId\":\"" + COMPILE_ID
                + "\",\"backtestName\":\"First run\"}", qc("create_backtest.json"));
        quantConnect.answer("/backtests/read", "{\"projectId\":2134567,\"backtestId\":\"" + BACKTEST_ID + "\"}",
                qc("read_backtest.json"));

        Map<String, Object> created = structured(call("create_project", Map.of("name", "Momentum", "language", "Py")));
        assertEquals(2134567, project(created).get("projectId"));
        assertEquals("2026-11-25T10:00:00Z", project(created).get("created"), "date-times come as RFC 3339 UTC");

        Map<String, Object> read = structured(call("read_project", Map.of("projectId", 2134567)));
        assertEquals("Momentum", project(read).get("name"));
        assertTrue(project(read).containsKey("encryptionKey"), "fields the spec does not list pass through");

        Map<String, Object> file = structured(call("create_file", Map.of("projectId", 2134567, "name", "alpha.py",
                "content", "from AlgorithmImports import *\n")));
        assertEquals(true, file.get("success"), "QuantConnect answers a created file with plain success");

        assertEquals("InQueue", structured(call("create_compile", Map.of("projectId", 2134567))).get("state"));
        assertEquals("BuildSuccess", structured(call("read_compile",
                Map.of("projectId", 2134567, "compileId", COMPILE_ID))).get("state"));

        Map<String, Object> started = structured(call("create_backtest",
                Map.of("projectId", 2134567, "compileId", COMPILE_ID, "backtestName", "First run")));
        assertEquals("In Queue...", backtest(started).get("status"));

        Map<String, Object> done = structured(call("read_backtest",
                Map.of("projectId", 2134567, "backtestId", BACKTEST_ID)));
        assertEquals(true, backtest(done).get("completed"));
        assertEquals("12.345%", ((Map<?, ?>) backtest(done).get("statistics")).get("Net Profit"));
        assertEquals("2024-01-02T00:00:00Z", backtest(done).get("backtestStart"));

        assertEquals(1, quantConnect.requests("/backtests/read").size());
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        CallToolResult result = client.callTool(new CallToolRequest(tool, arguments, null));
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> tool + " failed: " + text(result));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        assertTrue(result.structuredContent() instanceof Map, "structuredContent is a JSON object");
        assertFalse(text(result).isEmpty(), "the same JSON comes as text");
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(CallToolResult result) {
        return result.content().stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
                .findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> project(Map<String, Object> body) {
        return (Map<String, Object>) ((List<?>) body.get("projects")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> backtest(Map<String, Object> body) {
        return (Map<String, Object>) body.get("backtest");
    }
}
