package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.McpHttp.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingCredentialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("Without credentials the server lists its tools, and a call says exactly which settings are missing")
    void missingCredentials() throws Exception {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             LambdaHandler lambda = new LambdaHandler(Map.of("quantconnect.api-url", quantConnect.apiUrl(),
                     "quantconnect.user-id", "", "quantconnect.api-token", ""))) {
            Reply list = lambda.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            assertEquals(200, list.status());
            assertTrue(JSON.readTree(list.body()).at("/result/tools").size() > 0);

            Reply call = lambda.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}");
            JsonNode result = JSON.readTree(call.body()).get("result");
            assertEquals(true, result.get("isError").asBoolean());
            String text = result.at("/content/0/text").asText();
            assertTrue(text.contains("QUANTCONNECT_USER_ID") && text.contains("QUANTCONNECT_API_TOKEN"), text);
            assertEquals(0, quantConnect.requestCount(), "QuantConnect is not called");
        }
    }

    @Test
    @DisplayName("With only the token missing, only the token is named")
    void onlyTokenMissing() throws Exception {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             LambdaHandler lambda = new LambdaHandler(Map.of("quantconnect.api-url", quantConnect.apiUrl(),
                     "quantconnect.user-id", FakeQuantConnect.USER_ID, "quantconnect.api-token", ""))) {
            Reply call = lambda.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}");
            String text = JSON.readTree(call.body()).at("/result/content/0/text").asText();
            assertTrue(text.contains("QUANTCONNECT_API_TOKEN") && !text.contains("QUANTCONNECT_USER_ID"), text);
        }
    }
}
