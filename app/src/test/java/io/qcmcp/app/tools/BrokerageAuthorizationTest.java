package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerageAuthorizationTest {

    @Test
    @DisplayName("Brokerage sign-in is two stateless steps: the start returns QuantConnect's redirect URL at once, "
            + "the second reads the result")
    void twoSteps() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect();
             InProcessServer server = new InProcessServer(quantConnect.properties())) {
            // The sign-in page is served by the fake too, so a client that followed the redirect would be seen
            // asking for it: red when the QuantConnect client follows redirects.
            String signIn = quantConnect.apiUrl().replace(FakeQuantConnect.BASE_PATH, "")
                    + "/broker/authorize?client_id=qc&state=abc123";
            quantConnect.answerRedirect("/live/auth0/authorize", signIn);
            quantConnect.answer("/live/auth0/read", "{\"brokerage\":\"alpaca\"}",
                    "{\"authorization\":{\"alpaca-access-token\":\"t-1\"},\"success\":true,\"errors\":[]}");
            JsonNode start = server.call("authorize_connection", Map.of("brokerage", "alpaca"));
            assertFalse(start.get("isError").asBoolean(), start.toString());
            assertEquals(signIn, start.at("/structuredContent/url").asText());
            assertEquals(0, quantConnect.requestCount() - quantConnect.requests("/live/auth0/authorize").size(),
                    "the redirect is not followed");
            JsonNode read = server.call("read_connection_authorization", Map.of("brokerage", "alpaca"));
            assertFalse(read.get("isError").asBoolean(), read.toString());
        }
    }

    @Test
    @DisplayName("QuantConnect answers the second step only after the person signed in: a timeout says so")
    void secondStepTimesOutWithAdvice() {
        try (FakeQuantConnect quantConnect = new FakeQuantConnect()) {
            Map<String, Object> properties = new java.util.HashMap<>(quantConnect.properties());
            properties.put("quantconnect.request-budget", "2s");
            try (InProcessServer server = new InProcessServer(properties)) {
                quantConnect.answerSlowly("/live/auth0/read", "{\"brokerage\":\"alpaca\"}",
                        "{\"authorization\":{},\"success\":true,\"errors\":[]}", 10_000);
                JsonNode read = server.call("read_connection_authorization", Map.of("brokerage", "alpaca"));
                assertTrue(read.get("isError").asBoolean(), read.toString());
                String text = read.at("/content/0/text").asText();
                assertTrue(text.contains("only once the person has finished signing in"), text);
            }
        }
    }
}
