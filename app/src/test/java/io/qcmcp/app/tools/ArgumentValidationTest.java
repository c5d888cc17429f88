package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arguments are checked against the tool's input schema before QuantConnect is called. */
class ArgumentValidationTest {

    @RegisterExtension
    static final WithFakeQuantConnect<InProcessServer> SETUP = WithFakeQuantConnect.inProcess();

    private static String refusal(String tool, Map<String, Object> arguments) {
        JsonNode result = SETUP.server().call(tool, arguments);
        assertEquals(true, result.get("isError").asBoolean(), result.toString());
        assertEquals(0, SETUP.quantConnect().requestCount(), "QuantConnect is not called");
        return result.at("/content/0/text").asText();
    }

    @Test
    @DisplayName("A wrong type is refused naming the field")
    void wrongType() {
        String text = refusal("read_project", Map.of("projectId", "twelve"));
        assertTrue(text.contains("projectId"), text);
    }

    @Test
    @DisplayName("A missing required field is refused naming the field")
    void missingRequired() {
        String text = refusal("create_project", Map.of("name", "Momentum"));
        assertTrue(text.contains("language"), text);
    }

    @Test
    @DisplayName("An unknown field is refused naming the field")
    void unknownField() {
        String text = refusal("read_project", Map.of("projectId", 1, "projectID", 2));
        assertTrue(text.contains("projectID"), text);
    }

    @Test
    @DisplayName("A value outside the enum is refused naming the field")
    void enumChecked() {
        String text = refusal("create_project", Map.of("name", "Momentum", "language", "Ruby"));
        assertTrue(text.endsWith("language must be Py or C# (Python and CSharp work too); got 'Ruby'"), text);
    }

    @Test
    @DisplayName("An unknown tool is a JSON-RPC invalid params error")
    void unknownTool() {
        JsonNode response = SETUP.server().request("tools/call", Map.of("name", "make_money", "arguments", Map.of()));
        assertEquals(-32602, response.at("/error/code").asInt(), response.toString());
    }
}
