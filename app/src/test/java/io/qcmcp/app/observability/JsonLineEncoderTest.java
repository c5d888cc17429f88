package io.qcmcp.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encoder is the last guard: whatever a library logs, a line is bounded and carries no known secret. */
class JsonLineEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HUGE = 1_000_000;
    private static final String CUT = "x".repeat(64) + "...(" + HUGE + " characters)";

    @AfterEach
    void forget() {
        LogSecrets.clear();
    }

    private static JsonNode encoded(LoggingEvent event) throws Exception {
        String line = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line");
        assertTrue(line.length() < 2000, "a line of " + line.length() + " characters");
        return JSON.readTree(line);
    }

    private static LoggingEvent event(String pattern, Object... arguments) {
        LoggerContext context = new LoggerContext();
        return new LoggingEvent(JsonLineEncoderTest.class.getName(), context.getLogger("some.library"), Level.WARN,
                pattern, null, arguments);
    }

    @Test
    @DisplayName("Each argument of a message is cut to 64 characters and its length")
    void argumentsCut() throws Exception {
        JsonNode line = encoded(event("Client requested unsupported protocol version: {}, so {} instead",
                "x".repeat(HUGE), "2025-11-25"));
        assertEquals("Client requested unsupported protocol version: " + CUT + ", so 2025-11-25 instead",
                line.get("message").asText());
    }

    @Test
    @DisplayName("A message that quotes input without placeholders is cut as a whole")
    void wholeMessageCut() throws Exception {
        JsonNode line = encoded(event("Missing handler for notification type: " + "n".repeat(HUGE)));
        String message = line.get("message").asText();
        assertTrue(message.startsWith("Missing handler for notification type: nnnn"), message);
        assertTrue(message.endsWith("...(" + (HUGE + 39) + " characters)"), message);
        assertEquals(JsonLineEncoder.MAX_MESSAGE, message.indexOf("...("), message);
    }

    @Test
    @DisplayName("A text key-value is cut to 64 characters and its length; numbers and booleans stay numbers")
    void keyValuesCut() throws Exception {
        LoggingEvent event = event("MCP request processed");
        event.addKeyValuePair(new KeyValuePair("method", "x".repeat(HUGE)));
        event.addKeyValuePair(new KeyValuePair("requestId", "r-1"));
        event.addKeyValuePair(new KeyValuePair("duration", 12));
        event.addKeyValuePair(new KeyValuePair("success", false));
        JsonNode line = encoded(event);
        assertEquals(CUT, line.get("method").asText());
        assertEquals("r-1", line.get("requestId").asText());
        assertEquals(12, line.get("duration").asInt());
        assertTrue(line.get("success").isBoolean());
    }

    @Test
    @DisplayName("A registered secret is written as *** wherever it appears")
    void secretsRedacted() throws Exception {
        LogSecrets.register("tok-0123456789abcdef");
        LogSecrets.register("42");
        LoggingEvent event = event("Resolved ${quantconnect.api-token} = {} for {}", "tok-0123456789abcdef", "42");
        event.addKeyValuePair(new KeyValuePair("header", "Bearer tok-0123456789abcdef"));
        JsonNode line = encoded(event);
        assertFalse(line.toString().contains("tok-0123456789abcdef"), line.toString());
        assertEquals("Resolved ${quantconnect.api-token} = *** for 42", line.get("message").asText(),
                "values shorter than 4 characters are not treated as secrets");
        assertEquals("Bearer ***", line.get("header").asText());
    }
}
