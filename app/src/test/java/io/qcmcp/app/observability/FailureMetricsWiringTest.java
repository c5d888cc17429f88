package io.qcmcp.app.observability;

import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client reports why QuantConnect failed to the request observer, which the application wires in as the
 * client's failure listener: a call signed with a wrong token ends as a {@code QuantConnect.CredentialsRejected}
 * metric line, through the real beans.
 */
class FailureMetricsWiringTest {

    @Test
    @DisplayName("A credential refusal reaches the metrics through the application's own wiring")
    void credentialRefusalCounted() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (FakeQuantConnect quantConnect = new FakeQuantConnect()) {
            Map<String, Object> properties = new HashMap<>(quantConnect.properties());
            properties.put("quantconnect.api-token", "not-the-token");
            properties.put("qcmcp.metrics.emf", "true");
            try (InProcessServer server = new InProcessServer(properties)) {
                server.call("read_account", Map.of());
            }
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("\"QuantConnect.CredentialsRejected\":1"), printed);
    }
}
