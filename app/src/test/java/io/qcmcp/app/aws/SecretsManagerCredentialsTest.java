package io.qcmcp.app.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.FakeSecretsManager;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.support.WithFakeQuantConnect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials read from a fake Secrets Manager (AWS JSON protocol, GetSecretValue) through the real AWS SDK
 * client with an endpoint override, including its failures.
 */
class SecretsManagerCredentialsTest {

    private static final String USER_SECRET = FakeSecretsManager.USER_SECRET;
    private static final String TOKEN_SECRET = FakeSecretsManager.TOKEN_SECRET;

    /** Its server is the fake Secrets Manager. */
    @RegisterExtension
    static final WithFakeQuantConnect<FakeSecretsManager> SETUP = WithFakeQuantConnect.secretsManager();

    @AfterEach
    void reset() {
        SETUP.server().reset();
    }

    private static void secret(String name, int status, String body) {
        SETUP.server().answer(name, status, body);
    }

    private static void value(String name, String value) {
        SETUP.server().value(name, value);
    }

    private static InProcessServer server(Map<String, Object> extra) {
        Map<String, Object> properties = SETUP.server().properties(SETUP.quantConnect().apiUrl());
        properties.putAll(extra);
        return new InProcessServer(properties);
    }

    private static int secretReads() {
        return SETUP.server().reads();
    }

    @Test
    @DisplayName("The secrets sign QuantConnect calls, and are read once for many calls")
    void readsOnceAndCaches() {
        value(USER_SECRET, FakeQuantConnect.USER_ID);
        value(TOKEN_SECRET, FakeQuantConnect.API_TOKEN);
        try (InProcessServer server = server(Map.of())) {
            assertEquals(0, secretReads(), "nothing is read at start");
            for (int i = 0; i < 3; i++) {
                JsonNode result = server.call("read_account", Map.of());
                assertFalse(result.get("isError").asBoolean(), result.toString());
            }
            assertEquals(2, secretReads(), "each secret read once");
        }
    }

    @Test
    @DisplayName("After QuantConnect rejects the credentials, the secrets are read again once and a rotated "
            + "token is used at once")
    void rereadsAfterRejection() {
        value(USER_SECRET, FakeQuantConnect.USER_ID);
        value(TOKEN_SECRET, "an-old-rotated-token");
        try (InProcessServer server = server(Map.of())) {
            JsonNode first = server.call("read_account", Map.of());
            assertTrue(first.get("isError").asBoolean());
            String text = first.at("/content/0/text").asText();
            assertTrue(text.contains("rejected the credentials") && text.contains(TOKEN_SECRET), text);
            assertEquals(4, secretReads(), "read, then read again once after the rejection");
            value(TOKEN_SECRET, FakeQuantConnect.API_TOKEN);
            JsonNode second = server.call("read_account", Map.of());
            assertFalse(second.get("isError").asBoolean(), second.toString());
            assertEquals(6, secretReads());
        }
    }

    @Test
    @DisplayName("Environment variables take precedence: Secrets Manager is not called")
    void environmentFirst() {
        try (InProcessServer server = server(Map.of("quantconnect.user-id", FakeQuantConnect.USER_ID,
                "quantconnect.api-token", FakeQuantConnect.API_TOKEN))) {
            assertFalse(server.call("read_account", Map.of()).get("isError").asBoolean());
            assertEquals(0, secretReads());
        }
    }

    @Test
    @DisplayName("A missing secret gives an isError naming it and the fix, and a failing read_infra_health")
    void missingSecret() {
        value(USER_SECRET, FakeQuantConnect.USER_ID);
        secret(TOKEN_SECRET, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}");
        try (InProcessServer server = server(Map.of())) {
            JsonNode result = server.call("read_account", Map.of());
            assertTrue(result.get("isError").asBoolean());
            String text = result.at("/content/0/text").asText();
            assertTrue(text.contains(TOKEN_SECRET) && text.contains("put-secret-value"), text);
            JsonNode health = server.call("read_infra_health", Map.of());
            assertTrue(health.get("isError").asBoolean());
            assertTrue(health.at("/structuredContent/checks/credentials/detail").asText().contains(TOKEN_SECRET));
            assertEquals(0, SETUP.quantConnect().requests("/account/read").stream()
                    .filter(r -> r.getHeader("Authorization") == null).count());
        }
    }

    @Test
    @DisplayName("Access denied gives an isError saying which permission the role lacks")
    void accessDenied() {
        secret(USER_SECRET, 400, "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized\"}");
        try (InProcessServer server = server(Map.of())) {
            String text = server.call("read_account", Map.of()).at("/content/0/text").asText();
            assertTrue(text.contains("secretsmanager:GetSecretValue") && text.contains(USER_SECRET), text);
        }
    }

    @Test
    @DisplayName("Throttling gives an isError asking to retry, not a crash")
    void throttled() {
        secret(USER_SECRET, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        try (InProcessServer server = server(Map.of())) {
            JsonNode result = server.call("read_account", Map.of());
            assertTrue(result.get("isError").asBoolean());
            assertTrue(result.at("/content/0/text").asText().contains("throttling"), result.toString());
        }
    }
}
