package io.qcmcp.app.tools;

import io.micronaut.context.ApplicationContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The spec is the single source of truth: the server's tools are exactly the operations of
 * openapi/quantconnect.yaml (one per operation, or one per entry of its x-mcp-tools), with the spec's names,
 * titles, descriptions and request properties. The spec is read here, in the test, never by the server.
 */
class ToolsMatchSpecTest {

    private static final Path SPEC = Path.of("..", "openapi", "quantconnect.yaml");
    private static ApplicationContext context;
    private static Map<String, Tool> tools;
    private static Map<String, Object> spec;

    @BeforeAll
    static void load() throws IOException {
        context = ApplicationContext.run("test");
        tools = context.getBean(ToolCatalog.class).specifications().stream()
                .map(SyncToolSpecification::tool)
                .collect(Collectors.toMap(Tool::name, tool -> tool, (a, b) -> a, LinkedHashMap::new));
        try (Reader reader = Files.newBufferedReader(SPEC)) {
            spec = new Yaml().load(reader);
        }
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @Test
    @DisplayName("The set of tools is the set of operations in the spec")
    void sameNames() {
        Set<String> expected = new TreeSet<>();
        expectedTools().forEach(tool -> expected.add(tool.name()));
        Set<String> generated = new TreeSet<>(tools.keySet());
        generated.removeAll(List.of("read_backtest_reduced", "read_mcp_server_version", "read_infra_health",
                "backtest_project", "plot_backtest"));
        assertEquals(expected, generated);
    }

    @Test
    @DisplayName("Each tool has the spec's title, description and request properties")
    void sameMetadata() {
        for (ExpectedTool expected : expectedTools()) {
            Tool tool = tools.get(expected.name());
            assertEquals(expected.title(), tool.title(), expected.name());
            assertEquals(expected.description(), tool.description(), expected.name());
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
            assertEquals(expected.properties(), new TreeSet<>(properties.keySet()), expected.name());
            Object required = tool.inputSchema().getOrDefault("required", List.of());
            assertEquals(expected.required(), new TreeSet<>((List<?>) required), expected.name());
        }
    }

    record ExpectedTool(String name, String title, String description, Set<String> properties, Set<Object> required) {
    }

    @SuppressWarnings("unchecked")
    private static List<ExpectedTool> expectedTools() {
        List<ExpectedTool> result = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        paths.values().forEach(item -> {
            Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) item).get("post");
            Map<String, Object> body = requestSchema(operation);
            Set<String> properties = new TreeSet<>(((Map<String, Object>) body.getOrDefault("properties", Map.of())).keySet());
            Set<Object> required = new TreeSet<>((List<Object>) body.getOrDefault("required", List.of()));
            List<String> filled = (List<String>) operation.getOrDefault("x-mcp-server-fills", List.of());
            properties.removeAll(filled);
            required.removeAll(filled);
            if (operation.containsKey("x-mcp-wait")) {
                properties.add(Waiting.ARGUMENT);
            }
            List<Map<String, Object>> variants = (List<Map<String, Object>>) operation.get("x-mcp-tools");
            if (variants == null) {
                result.add(new ExpectedTool((String) operation.get("operationId"), (String) operation.get("summary"),
                        ((String) operation.get("description")).strip(), properties, required));
                return;
            }
            for (Map<String, Object> variant : variants) {
                Set<String> variantProperties = new TreeSet<>(properties);
                Set<Object> variantRequired = new TreeSet<>(required);
                variantProperties.removeAll((List<String>) variant.get("exclude"));
                variantRequired.removeAll((List<String>) variant.get("exclude"));
                variantRequired.addAll((List<String>) variant.get("require"));
                result.add(new ExpectedTool((String) variant.get("name"), (String) variant.get("title"),
                        ((String) variant.get("description")).strip(), variantProperties, variantRequired));
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requestSchema(Map<String, Object> operation) {
        Map<String, Object> requestBody = (Map<String, Object>) operation.get("requestBody");
        if (requestBody == null) {
            return Map.of();
        }
        Map<String, Object> content = (Map<String, Object>) requestBody.get("content");
        Map<String, Object> media = (Map<String, Object>) content.values().iterator().next();
        String ref = (String) ((Map<String, Object>) media.get("schema")).get("$ref");
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
        return (Map<String, Object>) schemas.get(name);
    }

}
