package io.qcmcp.app.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.qcmcp.app.support.LambdaHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Turns red when the request log stops telling callers' keys apart, or starts writing the key itself. */
class RequestLogKeyFingerprintTest {

    private static final String KEY_VALUE = "gateway-key-value-never-logged-51c2";

    @Test
    @DisplayName("The request log carries a fingerprint of the caller's API Gateway key, never the key, so use can "
            + "be audited per key")
    void fingerprintLogged() throws Exception {
        Logger requests = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.qcmcp.requests");
        LogsHoldNoSecretsTest.Capture capture = new LogsHoldNoSecretsTest.Capture();
        capture.start();
        requests.addAppender(capture);
        try (LambdaHandler lambda = new LambdaHandler(Map.of())) {
            APIGatewayProxyRequestEvent event = LambdaHandler.event("POST", Map.of("Content-Type", "application/json",
                    "x-api-key", KEY_VALUE), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            event.getRequestContext().getIdentity().withApiKey(KEY_VALUE);
            assertEquals(200, lambda.handle(event).getStatusCode());
            assertEquals(200, lambda.send("POST", Map.of("Content-Type", "application/json"),
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").status());
        } finally {
            requests.detachAppender(capture);
        }
        assertEquals(2, capture.lines.size(), capture.lines.toString());
        JsonNode withKey = new ObjectMapper().readTree(capture.lines.get(0));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(KEY_VALUE.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        assertEquals(expected, withKey.path("apiKeyFingerprint").asText());
        JsonNode withoutKey = new ObjectMapper().readTree(capture.lines.get(1));
        assertFalse(withoutKey.has("apiKeyFingerprint"), "no key, no field: " + withoutKey);
        assertFalse(String.join("", capture.lines).contains(KEY_VALUE), "the key itself was logged");
    }
}
