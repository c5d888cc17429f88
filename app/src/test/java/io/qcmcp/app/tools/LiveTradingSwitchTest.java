package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.support.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MCP_LIVE_TRADING: off unless a deployment asks for it, paper with QuantConnect's paper brokerage only, on for any.
 * A refused call is an isError naming the setting, and never reaches QuantConnect.
 */
class LiveTradingSwitchTest {

    /** The tools that change live trading, as the issue names them. */
    private static final Set<String> LIVE_CHANGING = Set.of("create_live_algorithm", "stop_live_algorithm",
            "liquidate_live_algorithm", "create_live_command", "broadcast_live_command", "authorize_connection");
    private static final Map<String, Object> PAPER_DEPLOY = Map.of("projectId", 2134567, "compileId", "c-1",
            "nodeId", "LN-1", "versionId", "-1", "brokerage", Map.of("id", "QuantConnectBrokerage"));
    private static final Map<String, Object> REAL_DEPLOY = Map.of("projectId", 2134567, "compileId", "c-1",
            "nodeId", "LN-1", "versionId", "-1", "brokerage", Map.of("id", "InteractiveBrokersBrokerage",
                    "ib-account", "U1"));

    private static FakeQuantConnect quantConnect;

    @BeforeAll
    static void start() {
        quantConnect = new FakeQuantConnect();
    }

    @AfterAll
    static void stop() {
        quantConnect.close();
    }

    @BeforeEach
    void forget() {
        quantConnect.reset();
    }

    private static InProcessServer server(String liveTrading) {
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.live-trading", liveTrading);
        return new InProcessServer(properties);
    }

    private static Set<String> listed(InProcessServer server) {
        return server.tools().findValuesAsText("name").stream().collect(Collectors.toSet());
    }

    @Test
    @DisplayName("Without the setting, the server's own default is off: no live-changing tool in the registry's list")
    void offByDefault() {
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        try (ApplicationContext context = ApplicationContext.builder().properties(properties)
                .deduceEnvironment(false).start()) {
            ToolRegistry registry = context.getBean(ToolRegistry.class);
            assertEquals(LiveTrading.OFF, registry.liveTrading());
            Set<String> listed = registry.list(registry.select(null, null)).stream()
                    .map(io.modelcontextprotocol.spec.McpSchema.Tool::name).collect(Collectors.toSet());
            assertTrue(listed.contains("read_live_algorithm") && listed.contains("read_live_orders"),
                    "reading live results stays");
            for (String tool : LIVE_CHANGING) {
                assertFalse(listed.contains(tool), tool);
            }
        }
    }

    @Test
    @DisplayName("off: live-changing tools are neither listed nor callable; the refusal names MCP_LIVE_TRADING")
    void off() {
        try (InProcessServer server = server("off")) {
            Set<String> listed = listed(server);
            assertTrue(listed.contains("read_live_algorithm"));
            LIVE_CHANGING.forEach(tool -> assertFalse(listed.contains(tool), tool));
            for (String tool : LIVE_CHANGING) {
                JsonNode result = server.call(tool, tool.equals("create_live_algorithm") ? PAPER_DEPLOY : Map.of());
                assertTrue(result.get("isError").asBoolean(), tool);
                assertTrue(result.at("/content/0/text").asText().contains("MCP_LIVE_TRADING=off"), result.toString());
            }
            JsonNode alias = server.call("authorize_connection_step1", Map.of("brokerage", "alpaca"));
            assertTrue(alias.get("isError").asBoolean(), "an alias reaches the same refusal");
        }
        assertEquals(0, quantConnect.requestCount());
    }

    @Test
    @DisplayName("paper: a deploy to QuantConnect's paper brokerage goes through; any other brokerage is refused "
            + "before QuantConnect, and tools whose arguments cannot tell paper money are neither listed nor callable")
    void paper() {
        quantConnect.answer("/live/create", "{\"projectId\":2134567,\"compileId\":\"c-1\",\"nodeId\":\"LN-1\","
                + "\"versionId\":\"-1\",\"brokerage\":{\"id\":\"QuantConnectBrokerage\"},\"dataProviders\":"
                + "{\"QuantConnectBrokerage\":{\"id\":\"QuantConnectBrokerage\"}}}", qc("create_live_algorithm.json"));
        try (InProcessServer server = server("paper")) {
            Set<String> listed = listed(server);
            assertTrue(listed.contains("create_live_algorithm"));
            assertFalse(listed.contains("liquidate_live_algorithm") || listed.contains("authorize_connection"),
                    listed.toString());
            JsonNode real = server.call("create_live_algorithm", REAL_DEPLOY);
            assertTrue(real.get("isError").asBoolean());
            assertTrue(real.at("/content/0/text").asText().contains("MCP_LIVE_TRADING=paper"), real.toString());
            assertEquals(0, quantConnect.requestCount());
            JsonNode paper = server.call("create_live_algorithm", PAPER_DEPLOY);
            assertFalse(paper.get("isError").asBoolean(), paper.toString());
            assertEquals(1, quantConnect.requests("/live/create").size());
            JsonNode liquidate = server.call("liquidate_live_algorithm", Map.of("projectId", 2134567));
            assertTrue(liquidate.at("/content/0/text").asText().contains("paper trading only"), liquidate.toString());
        }
        assertEquals(1, quantConnect.requestCount());
    }

    @Test
    @DisplayName("on: every live-changing tool is listed, and a deploy to a real brokerage is sent")
    void on() {
        quantConnect.answer("/live/create", "{\"projectId\":2134567,\"compileId\":\"c-1\",\"nodeId\":\"LN-1\","
                + "\"versionId\":\"-1\",\"brokerage\":{\"id\":\"InteractiveBrokersBrokerage\",\"ib-account\":\"U1\"},"
                + "\"dataProviders\":{\"QuantConnectBrokerage\":{\"id\":\"QuantConnectBrokerage\"}}}",
                qc("create_live_algorithm.json"));
        try (InProcessServer server = server("on")) {
            assertTrue(listed(server).containsAll(LIVE_CHANGING));
            JsonNode real = server.call("create_live_algorithm", REAL_DEPLOY);
            assertFalse(real.get("isError").asBoolean(), real.toString());
        }
        assertEquals(1, quantConnect.requests("/live/create").size());
    }

    @Test
    @DisplayName("Each call that writes or touches live trading leaves one MCP audit line with its ids and no other "
            + "argument value; reads leave none")
    void auditLines() {
        try (InProcessServer server = server("paper")) {
            List<Map<String, Object>> lines = RequestLog.linesDuring("io.qcmcp.audit", () -> {
                server.call("create_live_algorithm", REAL_DEPLOY);
                server.call("read_live_algorithm", Map.of("projectId", 2134567));
                server.call("liquidate_live_algorithm", Map.of("projectId", "x".repeat(100)));
            });
            assertEquals(2, lines.size(), lines.toString());
            Map<String, Object> deploy = lines.get(0);
            assertEquals("create_live_algorithm", deploy.get("tool"));
            assertEquals(true, deploy.get("live"));
            assertEquals("2134567", deploy.get("projectId"));
            assertEquals("c-1", deploy.get("compileId"));
            assertEquals("refused", deploy.get("stage"), "refused by paper mode inside the tool, before QuantConnect");
            assertEquals("error", deploy.get("outcome"));
            assertFalse(lines.toString().contains("U1") || lines.toString().contains("InteractiveBrokers"),
                    "no brokerage content: " + lines);
            Map<String, Object> liquidate = lines.get(1);
            assertEquals("refused", liquidate.get("stage"));
            assertEquals(64, String.valueOf(liquidate.get("projectId")).length(), "ids cut to 64 characters");
        }
    }

    @Test
    @DisplayName("The spec says which live tools can tell paper money from their arguments: only the deploy")
    void paperConditionsInTheSpec() {
        try (InProcessServer server = server("on")) {
            List<String> withCondition = server.context().getBean(ToolRegistry.class).definitions().stream()
                    .filter(definition -> definition.paper() != null).map(ToolDefinition::name).toList();
            assertEquals(List.of("create_live_algorithm"), withCondition);
        }
    }
}
