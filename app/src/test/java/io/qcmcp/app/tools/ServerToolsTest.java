package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerToolsTest {

    @Test
    @DisplayName("read_mcp_server_version gives the build's version without calling QuantConnect")
    void version() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             InProcessServer server = new InProcessServer(quantConnect.properties())) {
            JsonNode result = server.call("read_mcp_server_version", Map.of());
            // The version Maven builds (passed by surefire), not the tool's own constant: red when the build stops
            // writing the version into the app.
            String built = System.getProperty("qcmcp.project.version");
            assertFalse(built == null || built.isBlank(), "surefire passes qcmcp.project.version");
            assertEquals(built, result.at("/structuredContent/version").asText());
            assertEquals("quant-connect-mcp", result.at("/structuredContent/name").asText());
            assertEquals(0, quantConnect.requestCount());
        }
    }

    @Test
    @DisplayName("read_infra_health is healthy with configuration and credentials, and shows no secret")
    void healthy() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             InProcessServer server = new InProcessServer(quantConnect.properties())) {
            quantConnect.answer("/account/read", "{}", qc("read_account.json"));
            JsonNode result = server.call("read_infra_health", Map.of("checkQuantConnect", true));
            assertEquals(false, result.get("isError").asBoolean(), result.toString());
            assertEquals(true, result.at("/structuredContent/healthy").asBoolean());
            assertEquals("ok", result.at("/structuredContent/healthStatus").asText(), result.toString());
            assertTrue(result.at("/structuredContent/failing").isMissingNode(), result.toString());
            assertEquals(true, result.at("/structuredContent/checks/quantConnect/ok").asBoolean());
            assertFalse(result.toString().contains(FakeQuantConnect.API_TOKEN));
        }
    }

    @Test
    @DisplayName("read_infra_health fails, naming the missing settings, when credentials are absent")
    void unhealthy() {
        try (InProcessServer server = new InProcessServer(Map.of("quantconnect.user-id", "",
                "quantconnect.api-token", ""))) {
            JsonNode result = server.call("read_infra_health", Map.of());
            assertEquals(true, result.get("isError").asBoolean());
            assertEquals("degraded", result.at("/structuredContent/healthStatus").asText(), result.toString());
            assertEquals("[\"credentials\"]", result.at("/structuredContent/failing").toString());
            assertEquals(false, result.at("/structuredContent/checks/credentials/ok").asBoolean());
            assertTrue(result.at("/structuredContent/checks/credentials/detail").asText().contains("QUANTCONNECT_API_TOKEN"));
        }
    }

    @Test
    @DisplayName("read_infra_health lists each failing check, QuantConnect's refusal included, as the seed's "
            + "healthStatus degraded")
    void degradedByQuantConnect() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             InProcessServer server = new InProcessServer(Map.of("quantconnect.api-url", quantConnect.apiUrl(),
                     "quantconnect.user-id", FakeQuantConnect.USER_ID, "quantconnect.api-token", "wrong-token"))) {
            JsonNode result = server.call("read_infra_health", Map.of("checkQuantConnect", true));
            assertEquals(true, result.get("isError").asBoolean(), result.toString());
            assertEquals("degraded", result.at("/structuredContent/healthStatus").asText(), result.toString());
            assertEquals("[\"quantConnect\"]", result.at("/structuredContent/failing").toString());
            assertTrue(result.at("/content/0/text").asText().contains("\"healthStatus\":\"degraded\""),
                    result.toString());
        }
    }

    @Test
    @DisplayName("read_infra_health answers as a bare JSON-RPC method too")
    void bareMethod() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             InProcessServer server = new InProcessServer(quantConnect.properties())) {
            JsonNode response = server.request("read_infra_health", Map.of());
            assertEquals(true, response.at("/result/structuredContent/healthy").asBoolean(), response.toString());
            // Monitoring written for the seed's server reads healthStatus from the bare method's answer.
            assertEquals("ok", response.at("/result/structuredContent/healthStatus").asText(), response.toString());
            assertEquals(0, quantConnect.requestCount());
        }
    }

    @Test
    @DisplayName("read_backtest_reduced drops charts, orders, rolling window and closed trades, and keeps the rest")
    void reducedBacktest() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             InProcessServer server = new InProcessServer(quantConnect.properties())) {
            quantConnect.answer("/backtests/read", "{\"projectId\":2134567,\"backtestId\":\"26c7bb06b8487cff1c7b3c44652b30f1\"}",
                    qc("read_backtest.json"));
            JsonNode backtest = server.call("read_backtest_reduced", Map.of("projectId", 2134567,
                    "backtestId", "26c7bb06b8487cff1c7b3c44652b30f1")).at("/structuredContent/backtest");
            assertTrue(backtest.path("charts").isMissingNode());
            assertTrue(backtest.path("orders").isMissingNode());
            assertTrue(backtest.path("rollingWindow").isMissingNode());
            assertTrue(backtest.at("/totalPerformance/closedTrades").isMissingNode());
            assertEquals("12.345%", backtest.at("/statistics/Net Profit").asText());
            assertEquals(21, backtest.at("/totalPerformance/tradeStatistics/totalNumberOfTrades").asInt());
            assertEquals("2024-01-02T00:00:00Z", backtest.get("backtestStart").asText());
        }
    }
}
