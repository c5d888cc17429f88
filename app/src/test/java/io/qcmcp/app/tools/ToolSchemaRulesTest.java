package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tool must look like to an assistant, and what the whole tools/list may cost. */
class ToolSchemaRulesTest {

    static final int TOOLS_LIST_BUDGET_BYTES = 60_000;
    static final int DESCRIPTION_MAX = 300;
    private static final Set<String> ALLOWED_KEYWORDS = Set.of("type", "description", "enum", "minimum", "maximum",
            "minLength",
            "items", "properties", "required", "additionalProperties");

    private static InProcessServer server;
    private static JsonNode tools;

    @BeforeAll
    static void start() {
        server = new InProcessServer(Map.of());
        tools = server.tools();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("Names are unique snake_case; titles and descriptions are present and short")
    void names() {
        Set<String> seen = new HashSet<>();
        for (JsonNode tool : tools) {
            String name = tool.get("name").asText();
            assertTrue(name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), name);
            assertTrue(seen.add(name), "duplicate " + name);
            assertTrue(tool.path("title").asText().length() > 2, name);
            String description = tool.path("description").asText();
            assertTrue(description.length() > 10 && description.length() <= DESCRIPTION_MAX,
                    name + " description has " + description.length() + " characters");
        }
    }

    @Test
    @DisplayName("Input schemas are flat closed objects; every property is typed and described; no combinators or $ref")
    void inputSchemas() {
        List<String> problems = new ArrayList<>();
        for (JsonNode tool : tools) {
            String name = tool.get("name").asText();
            JsonNode schema = tool.get("inputSchema");
            if (!"object".equals(schema.path("type").asText()) || schema.path("additionalProperties").asBoolean(true)) {
                problems.add(name + ": not a closed object");
            }
            Set<String> properties = new HashSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            for (JsonNode required : schema.path("required")) {
                if (!properties.contains(required.asText())) {
                    problems.add(name + ": requires unknown " + required.asText());
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> property = fields.next();
                check(name + "." + property.getKey(), property.getValue(), problems);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void check(String where, JsonNode property, List<String> problems) {
        if (!property.hasNonNull("type") || property.get("type").asText().isEmpty()) {
            problems.add(where + ": no type");
        }
        if (property.path("description").asText().isBlank()) {
            problems.add(where + ": no description");
        }
        property.fieldNames().forEachRemaining(keyword -> {
            if (!ALLOWED_KEYWORDS.contains(keyword)) {
                problems.add(where + ": keyword " + keyword + " is not in the subset strict clients accept");
            }
        });
        if (property.has("items") && !property.path("items").hasNonNull("type")) {
            problems.add(where + ": items without a type");
        }
    }

    @Test
    @DisplayName("Every tool sets all four annotations explicitly")
    void annotationsPresent() {
        for (JsonNode tool : tools) {
            for (String hint : List.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")) {
                assertTrue(tool.path("annotations").path(hint).isBoolean(), tool.get("name").asText() + " " + hint);
            }
        }
    }

    @Test
    @DisplayName("The whole tools/list, as compact JSON, stays within its byte budget")
    void sizeBudget() throws Exception {
        JsonNode list = server.request("tools/list", Map.of()).get("result");
        int bytes = new ObjectMapper().writeValueAsString(list).getBytes(StandardCharsets.UTF_8).length;
        System.out.println("tools/list: " + tools.size() + " tools, " + bytes + " bytes of compact JSON (budget "
                + TOOLS_LIST_BUDGET_BYTES + ")");
        assertTrue(bytes <= TOOLS_LIST_BUDGET_BYTES, bytes + " bytes");
    }
}
