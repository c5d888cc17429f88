package io.qcmcp.app.tools;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.SdkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.qcmcp.app.support.Fixtures.qc;
import static io.qcmcp.app.support.SdkSession.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What QuantConnect's published spec, LEAN's API client and the official server say the requests and answers
 * look like, checked through the MCP Java SDK's client against the local server with its default settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantConnectShapesTest {

    private static final String BACKTEST = "26c7bb06b8487cff1c7b3c44652b30f1";

    @RegisterExtension
    final WithFakeQuantConnect<SdkSession> setup = WithFakeQuantConnect.sdk(FakeQuantConnect::properties);
    private Map<String, Tool> tools;

    @BeforeAll
    void listTools() {
        tools = setup.server().client().listTools().tools().stream().collect(Collectors.toMap(Tool::name, Function.identity()));
    }

    private Map<?, ?> structured(String tool, Map<String, Object> arguments) {
        CallToolResult result = setup.server().call(tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> tool + ": " + text(result));
        return (Map<?, ?>) result.structuredContent();
    }

    @Test
    @DisplayName("create_live_algorithm sends QuantConnect data as the default data provider, with automaticRedeploy,"
            + " and returns the deployment as QuantConnect answers it")
    void liveDeployment() {
        String base = "\"projectId\":2134567,\"compileId\":\"c-1\",\"nodeId\":\"LN-1\",\"versionId\":\"-1\","
                + "\"brokerage\":{\"id\":\"QuantConnectBrokerage\"}";
        setup.quantConnect().answer("/live/create", "{" + base + ",\"dataProviders\":{\"QuantConnectBrokerage\":"
                + "{\"id\":\"QuantConnectBrokerage\"}},\"automaticRedeploy\":true}",
                qc("create_live_algorithm.json"));
        Map<?, ?> deployed = structured("create_live_algorithm", Map.of("projectId", 2134567, "compileId", "c-1",
                "nodeId", "LN-1", "versionId", "-1", "brokerage", Map.of("id", "QuantConnectBrokerage"),
                "automaticRedeploy", true));
        assertEquals("L-5e1d2c3b4a5968778695a4b3c2d1e0f9", deployed.get("deployId"));
        assertEquals("InQueue", ((Map<?, ?>) deployed.get("live")).get("status"));

        setup.quantConnect().answer("/live/create", "{" + base + ",\"dataProviders\":{\"PolygonDataFeed\":{\"id\":\"PolygonDataFeed\"}}}",
                qc("create_live_algorithm.json"));
        structured("create_live_algorithm", Map.of("projectId", 2134567, "compileId", "c-1", "nodeId", "LN-1",
                "versionId", "-1", "brokerage", Map.of("id", "QuantConnectBrokerage"),
                "dataProviders", Map.of("PolygonDataFeed", Map.of("id", "PolygonDataFeed"))));
        assertTrue(tools.get("create_live_algorithm").inputSchema().toString().contains("automaticRedeploy"));
        Map<?, ?> properties = (Map<?, ?>) tools.get("create_live_algorithm").inputSchema().get("properties");
        assertFalse(((Map<?, ?>) properties.get("dataProviders")).containsKey("default"),
                "the default is applied when sending, not listed");
    }

    @Test
    @DisplayName("Answers pass whole as QuantConnect sends them: files, plain success, retrivals, PEP8 payload by "
            + "file, state Error, the report while it is generating")
    void answers() {
        setup.quantConnect().answer("/files/update", "{\"projectId\":2134567,\"name\":\"alpha.py\",\"content\":\"pass\","
                + "\"codeSourceId\":\"quant-connect-mcp\"}", qc("update_file_contents.json"));
        assertEquals(true, structured("update_file_contents", Map.of("projectId", 2134567, "name", "alpha.py",
                "content", "pass")).get("success"));
        setup.quantConnect().answer("/ai/tools/search", "{\"language\":\"Py\",\"criteria\":[{\"input\":\"index options\","
                + "\"type\":\"Docs\",\"count\":2}]}", qc("search_quantconnect.json"));
        assertEquals(2, ((List<?>) structured("search_quantconnect", Map.of("language", "Python", "criteria",
                List.of(Map.of("input", "index options", "type", "docs", "count", "2")))).get("retrivals")).size());
        setup.quantConnect().answer("/ai/tools/pep8-convert", "{\"files\":[{\"name\":\"main.py\",\"content\":\"x\"}]}",
                qc("update_code_to_pep8.json"));
        assertTrue(((Map<?, ?>) structured("update_code_to_pep8", Map.of("files", Map.of("name", "main.py",
                "content", "x"))).get("payload")).containsKey("main.py"));
        setup.quantConnect().answer("/ai/tools/syntax-check", "{\"language\":\"Py\",\"files\":[{\"name\":\"main.py\","
                + "\"content\":\"def f(\"}]}", qc("check_syntax.json"));
        assertEquals("Error", structured("check_syntax", Map.of("language", "Py", "files",
                List.of(Map.of("name", "main.py", "content", "def f(")))).get("state"));
        setup.quantConnect().answer("/backtests/read/report", "{\"projectId\":2134567,\"backtestId\":\"" + BACKTEST + "\"}",
                qc("read_backtest_report_generating.json"));
        assertEquals(true, structured("read_backtest_report", Map.of("projectId", 2134567, "backtestId", BACKTEST))
                .get("generating"));
    }

    @Test
    @DisplayName("Descriptions say where ids come from, how to poll, what chart times are, and that Py is Python")
    void descriptions() {
        assertTrue(tools.get("create_backtest").description().contains("read_backtest_reduced with waitSeconds, or "
                + "poll it every 10 to 30 s"));
        assertTrue(tools.get("create_compile").description().contains("read_compile with waitSeconds, or poll it "
                + "every few seconds"));
        assertTrue(tools.get("read_backtest_chart").description().contains("over its whole period"));
        assertTrue(property("read_backtest_chart", "start").contains("Unix seconds"));
        assertTrue(property("read_live_logs", "algorithmId").contains("deployId"));
        List<String> missing = new ArrayList<>();
        tools.forEach((name, tool) -> {
            Map<?, ?> properties = (Map<?, ?>) tool.inputSchema().get("properties");
            if (properties.containsKey("organizationId") && !property(name, "organizationId").contains("read_account")) {
                missing.add(name + ".organizationId");
            }
            if (properties.containsKey("language") && !property(name, "language").contains("Py (Python)")) {
                missing.add(name + ".language");
            }
        });
        assertEquals(List.of(), missing);
    }

    @Test
    @DisplayName("Replacing content without undo is destructive; the health check that may call QuantConnect is "
            + "open world")
    void annotations() {
        assertTrue(tools.get("upload_object").annotations().destructiveHint());
        assertTrue(tools.get("update_file_contents").annotations().destructiveHint());
        assertTrue(tools.get("read_infra_health").annotations().openWorldHint());
    }

    @Test
    @DisplayName("By default an answer over 100,000 characters is cut and says how to get the rest")
    void cutAnswer() {
        String orders = "{\"orders\":[" + String.join(",", java.util.Collections.nCopies(2_000,
                "{\"id\":1,\"symbol\":\"SPY\",\"quantity\":10,\"status\":3,\"tag\":\"" + "t".repeat(40) + "\"}"))
                + "],\"length\":2000,\"success\":true,\"errors\":[]}";
        setup.quantConnect().answer("/backtests/orders/read", "{\"projectId\":2134567,\"backtestId\":\"" + BACKTEST
                + "\",\"start\":0,\"end\":99}", orders);
        CallToolResult result = setup.server().call("read_backtest_orders", Map.of("projectId", 2134567, "backtestId", BACKTEST,
                "start", 0, "end", 99));
        Map<?, ?> cut = (Map<?, ?>) result.structuredContent();
        assertEquals(true, cut.get("truncated"), text(result));
        assertTrue((Integer) cut.get("originalChars") > 100_000);
        assertTrue(String.valueOf(cut.get("note")).contains("limit of 100000"), String.valueOf(cut.get("note")));
        assertTrue(String.valueOf(cut.get("note")).contains("smaller range of start and end"));
        assertTrue(text(result).length() < 25_000, text(result).length() + " characters");
    }

    private String property(String tool, String name) {
        Map<?, ?> properties = (Map<?, ?>) tools.get(tool).inputSchema().get("properties");
        return String.valueOf(((Map<?, ?>) properties.get(name)).get("description"));
    }
}
