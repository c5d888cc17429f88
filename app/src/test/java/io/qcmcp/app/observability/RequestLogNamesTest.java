package io.qcmcp.app.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpError;
import io.qcmcp.app.support.SdkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestLogNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HUGE = 1_000_000;

    @Test
    @DisplayName("A 1 MB tool name (sent by the SDK client) or method name is logged cut to a short prefix and its "
            + "length")
    void namesAreCut() throws Exception {
        Logger requests = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.qcmcp.requests");
        LogsHoldNoSecretsTest.Capture capture = new LogsHoldNoSecretsTest.Capture();
        capture.start();
        requests.addAppender(capture);
        try (SdkSession mcp = new SdkSession(Map.of())) {
            assertThrows(McpError.class, () -> mcp.call("t".repeat(HUGE), Map.of()));
            assertEquals(404, mcp.server().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                    + "m".repeat(HUGE) + "\"}").status());
        } finally {
            requests.detachAppender(capture);
        }
        List<String> names = new ArrayList<>();
        for (String line : capture.lines) {
            assertTrue(line.length() < 500, "a log line of " + line.length() + " characters");
            JsonNode node = JSON.readTree(line);
            names.add(node.path("method").asText());
        }
        assertTrue(names.contains("t".repeat(64) + "...(" + HUGE + " characters)"), names.toString());
        assertTrue(names.contains("m".repeat(64) + "...(" + HUGE + " characters)"), names.toString());
    }
}
