package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

class InstructionsTest {

    @Test
    @DisplayName("The server instructions name only real tools, and are short")
    void instructionsUseRealToolNames() {
        try (InProcessServer server = new InProcessServer(Map.of())) {
            JsonNode result = server.request("initialize", Map.of("protocolVersion", "2025-06-18",
                    "capabilities", Map.of(), "clientInfo", Map.of("name", "t", "version", "1"))).get("result");
            String instructions = result.get("instructions").asText();
            Set<String> tools = new HashSet<>();
            server.tools().forEach(tool -> tools.add(tool.get("name").asText()));
            Matcher names = Pattern.compile("\\b[a-z]+(?:_[a-z0-9]+)+\\b").matcher(instructions);
            int mentioned = 0;
            while (names.find()) {
                assertTrue(tools.contains(names.group()), names.group() + " is not a tool");
                mentioned++;
            }
            assertTrue(mentioned >= 8, mentioned + " tools mentioned");
            assertTrue(instructions.length() < 1200, instructions.length() + " characters");
        }
    }
}
