package io.qcmcp.app.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import io.qcmcp.client.Wait;
import io.qcmcp.client.schema.Property;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spec is the single source of truth: the server's tools are exactly the operations of
 * openapi/quantconnect.yaml (one per operation, or one per entry of its x-mcp-tools), with the spec's names,
 * titles, descriptions, paths, hints and request properties, each property with its type, enum, bounds, items
 * and nested fields; and the spec's response schemas agree with the QuantConnect answers kept in
 * src/test/resources/qc. The spec is read here, in the test, never by the server.
 */
class ToolsMatchSpecTest {

    private static final Path SPEC = Path.of("..", "openapi", "quantconnect.yaml");
    private static final Path ANSWERS = Path.of("src", "test", "resources", "qc");
    private static final Set<String> SERVER_TOOLS = Set.of("read_mcp_server_version", "read_infra_health",
            "backtest_project", "plot_backtest");
    /** Tools whose response schema was once wrong: each must have an answer to be checked against. */
    private static final Set<String> ANSWERED = Set.of("create_file", "update_file_contents",
            "create_live_algorithm", "search_quantconnect", "update_code_to_pep8", "check_syntax",
            "check_initialization_errors", "complete_code", "enhance_error_message", "read_backtest_report");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> AS_MAP = new TypeReference<>() { };

    private static ApplicationContext context;
    private static Map<String, Tool> tools;
    private static Map<String, Operation> operations;
    private static Map<String, Object> spec;

    @BeforeAll
    static void load() throws IOException {
        context = ApplicationContext.run("test");
        tools = context.getBean(ToolRegistry.class).specifications().stream()
                .map(SyncToolSpecification::tool)
                .collect(Collectors.toMap(Tool::name, tool -> tool, (a, b) -> a, LinkedHashMap::new));
        operations = OperationGroup.all(context.getBeansOfType(OperationGroup.class)).stream()
                .collect(Collectors.toMap(Operation::name, operation -> operation));
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
        generated.removeAll(SERVER_TOOLS);
        assertEquals(expected, generated);
    }

    @Test
    @DisplayName("Each tool has the spec's title, description and request properties")
    void sameMetadata() {
        for (ExpectedTool expected : expectedTools()) {
            Tool tool = tools.get(expected.name());
            assertEquals(expected.title(), tool.title(), expected.name());
            assertEquals(expected.description(), tool.description(), expected.name());
            Map<?, ?> properties = (Map<?, ?>) tool.inputSchema().get("properties");
            assertEquals(((Map<?, ?>) expected.schema().get("properties")).keySet(), new TreeSet<>(properties.keySet()),
                    expected.name());
            Object required = tool.inputSchema().getOrDefault("required", List.of());
            assertEquals(expected.schema().getOrDefault("required", Set.of()), new TreeSet<>((List<?>) required),
                    expected.name());
        }
    }

    @Test
    @DisplayName("Each input property has the spec's type, description, enum, bounds, items and nested fields")
    void sameInputSchemas() {
        List<String> problems = new ArrayList<>();
        for (ExpectedTool expected : expectedTools()) {
            Object actual = normalized(tools.get(expected.name()).inputSchema());
            if (!expected.schema().equals(actual)) {
                problems.add(expected.name() + ":\n  spec   " + expected.schema() + "\n  server " + actual);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("Each tool calls the spec's path, with the spec's hints (inferred from the name only where absent)")
    void samePathsAndHints() {
        List<String> problems = new ArrayList<>();
        for (ExpectedTool expected : expectedTools()) {
            Operation operation = operations.get(expected.name());
            if (!expected.path().equals(operation.path())) {
                problems.add(expected.name() + ": path " + operation.path() + ", spec " + expected.path());
            }
            Operation.Hints inferred = Operation.Hints.inferred(expected.name());
            Map<?, ?> declared = expected.hints();
            Operation.Hints hints = new Operation.Hints(
                    declared.containsKey("readOnly") ? (Boolean) declared.get("readOnly") : inferred.readOnly(),
                    declared.containsKey("destructive") ? (Boolean) declared.get("destructive") : inferred.destructive(),
                    declared.containsKey("idempotent") ? (Boolean) declared.get("idempotent") : inferred.idempotent(),
                    true);
            if (!hints.equals(operation.hints())) {
                problems.add(expected.name() + ": hints " + operation.hints() + ", spec " + hints);
            }
            ToolAnnotations annotations = tools.get(expected.name()).annotations();
            if (!hints.equals(new Operation.Hints(annotations.readOnlyHint(), annotations.destructiveHint(),
                    annotations.idempotentHint(), annotations.openWorldHint()))) {
                problems.add(expected.name() + ": annotations " + annotations + ", spec " + hints);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @DisplayName("Each x-mcp-default of the spec is what the client sends for an omitted property")
    void sameDefaults() throws IOException {
        List<String> problems = new ArrayList<>();
        int defaults = 0;
        for (ExpectedTool expected : expectedTools()) {
            Map<String, Property> properties = operations.get(expected.name()).input().properties();
            for (Map.Entry<String, Object> entry : expected.defaults().entrySet()) {
                defaults++;
                Property property = properties.get(entry.getKey());
                Object sent = property == null || property.defaultJson() == null ? null
                        : JSON.readValue(property.defaultJson(), Object.class);
                if (!entry.getValue().equals(sent)) {
                    problems.add(expected.name() + "." + entry.getKey() + ": sends " + sent + ", spec " + entry.getValue());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(defaults > 0, "the spec declares at least one x-mcp-default");
    }

    @Test
    @DisplayName("Each x-mcp-wait of the spec is the wait condition its operation was generated with")
    @SuppressWarnings("unchecked")
    void sameWaits() {
        List<String> problems = new ArrayList<>();
        int waits = 0;
        for (Map.Entry<String, Object> path : ((Map<String, Object>) spec.get("paths")).entrySet()) {
            Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) path.getValue()).get("post");
            Wait expected = operation.get("x-mcp-wait") instanceof Map<?, ?> wait
                    ? waitOf((Map<String, Object>) wait) : null;
            waits += expected == null ? 0 : 1;
            operations.values().stream().filter(generated -> generated.path().equals(path.getKey()))
                    .filter(generated -> !java.util.Objects.equals(expected, generated.waitFor()))
                    .forEach(generated -> problems.add(generated.name() + ": " + generated.waitFor() + ", spec "
                            + expected));
        }
        assertEquals(List.of(), problems);
        assertTrue(waits >= 4, "read_compile, read_backtest and the two chart reads wait");
    }

    @Test
    @DisplayName("Each x-mcp-range of the spec is the range its operation was generated with, read from a tool that exists")
    @SuppressWarnings("unchecked")
    void sameRanges() {
        List<String> problems = new ArrayList<>();
        int ranges = 0;
        for (Map.Entry<String, Object> path : ((Map<String, Object>) spec.get("paths")).entrySet()) {
            Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) path.getValue()).get("post");
            Operation.Range expected = operation.get("x-mcp-range") instanceof Map<?, ?> range
                    ? new Operation.Range((String) range.get("from"), (String) range.get("start"),
                    (String) range.get("end")) : null;
            ranges += expected == null ? 0 : 1;
            if (expected != null && !operations.containsKey(expected.from())) {
                problems.add(path.getKey() + ": x-mcp-range reads " + expected.from() + ", which is no tool");
            }
            operations.values().stream().filter(generated -> generated.path().equals(path.getKey()))
                    .filter(generated -> !java.util.Objects.equals(expected, generated.range()))
                    .forEach(generated -> problems.add(generated.name() + ": " + generated.range() + ", spec "
                            + expected));
        }
        assertEquals(List.of(), problems);
        assertEquals(2, ranges, "the backtest and live chart reads");
    }

    /** The wait the spec's syntax (documented at its top) describes, built here from the YAML. */
    @SuppressWarnings("unchecked")
    private static Wait waitOf(Map<String, Object> condition) {
        if (condition.get("anyOf") instanceof List<?> any) {
            return Wait.anyOf(any.stream().map(c -> waitOf((Map<String, Object>) c)).toArray(Wait[]::new));
        }
        if (condition.get("allOf") instanceof List<?> all) {
            return Wait.allOf(all.stream().map(c -> waitOf((Map<String, Object>) c)).toArray(Wait[]::new));
        }
        if (condition.get("not") instanceof Map<?, ?> not) {
            return Wait.not(waitOf((Map<String, Object>) not));
        }
        String pointer = (String) condition.get("pointer");
        if (condition.get("equals") instanceof List<?> values) {
            return Wait.equals(pointer, values.stream().map(String::valueOf).toArray(String[]::new));
        }
        if (condition.get("type") instanceof String type) {
            return Wait.type(pointer, type);
        }
        return Boolean.TRUE.equals(condition.get("present")) ? Wait.present(pointer)
                : Boolean.TRUE.equals(condition.get("notNull")) ? Wait.notNull(pointer)
                : Boolean.TRUE.equals(condition.get("notEmpty")) ? Wait.notEmpty(pointer)
                : fail("x-mcp-wait condition of an unknown form: " + condition);
    }

    @Test
    @DisplayName("Each tool's aliases, paging advice, metric and omitted parts are its spec entry's")
    void sameAdvice() {
        for (ExpectedTool expected : expectedTools()) {
            Operation operation = operations.get(expected.name());
            assertEquals(expected.aliases(), operation.aliases(), expected.name());
            assertEquals(expected.paging(), operation.paging(), expected.name());
            assertEquals(expected.metric(), operation.metric(), expected.name());
            assertEquals(expected.omit(), operation.omit(), expected.name());
        }
        assertEquals(List.of("authorize_connection_step1"), operations.get("authorize_connection").aliases());
        assertEquals("QuantConnect.Projects.Created", operations.get("create_project").metric());
        assertFalse(operations.get("read_backtest_reduced").omit().isEmpty());
    }

    @Test
    @DisplayName("Every answer in src/test/resources/qc fits the response schema the spec gives its tool")
    void responseSchemasFitTheAnswers() throws IOException {
        Map<String, Map<String, Object>> responses = new TreeMap<>();
        expectedTools().forEach(tool -> responses.put(tool.name(), tool.response()));
        List<String> problems = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> answer : answers(responses.keySet()).entrySet()) {
            String tool = answer.getValue().get("tool").toString();
            answered.add(tool);
            ResponseCheck.check(answer.getKey(), schemas(), responses.get(tool), answer.getValue().get("answer"),
                    problems);
        }
        assertEquals(List.of(), problems);
        Set<String> unanswered = new TreeSet<>(ANSWERED);
        unanswered.removeAll(answered);
        assertEquals(Set.of(), unanswered, "tools without an answer to check");
        System.out.println("Response schemas checked against answers of " + answered.size() + " tools: " + answered);
    }

    @Test
    @DisplayName("The response check fails a schema that disagrees with an answer")
    void responseCheckCatchesWrongSchemas() throws IOException {
        Map<String, Object> plainSuccess = JSON.readValue(ANSWERS.resolve("create_file.json").toFile(), AS_MAP);
        Map<String, Object> pep8 = JSON.readValue(ANSWERS.resolve("update_code_to_pep8.json").toFile(), AS_MAP);
        Map<String, Object> search = JSON.readValue(ANSWERS.resolve("search_quantconnect.json").toFile(), AS_MAP);
        List<String> problems = new ArrayList<>();
        ResponseCheck.check("files", schemas(), ref("ProjectFilesResponse"), plainSuccess, problems);
        ResponseCheck.check("pep8", schemas(), ref("AiListResponse"), pep8, problems);
        search.put("retrieval", search.remove("retrivals"));
        ResponseCheck.check("search", schemas(), ref("SearchResponse"), search, problems);
        assertEquals(List.of("files: files is missing", "pep8: payload must be an array, is an object",
                "search: retrivals is missing"), problems);
    }

    record ExpectedTool(String name, String path, String title, String description, Map<String, Object> schema,
                        Map<?, ?> hints, Map<String, Object> defaults, Map<String, Object> response,
                        List<?> aliases, Object paging, Object metric, List<?> omit) {
    }

    @SuppressWarnings("unchecked")
    private static List<ExpectedTool> expectedTools() {
        List<ExpectedTool> result = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        paths.forEach((path, item) -> {
            Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) item).get("post");
            Map<String, Object> body = requestSchema(operation);
            List<String> filled = (List<String>) operation.getOrDefault("x-mcp-server-fills", List.of());
            Map<String, Object> defaults = new TreeMap<>();
            ((Map<String, Object>) body.getOrDefault("properties", Map.of())).forEach((name, property) -> {
                if (((Map<String, Object>) property).get("x-mcp-default") instanceof String json) {
                    defaults.put(name, parse(json));
                }
            });
            Map<String, Object> response = responseSchema(operation);
            List<Map<String, Object>> variants = (List<Map<String, Object>>) operation.get("x-mcp-tools");
            if (variants == null) {
                result.add(new ExpectedTool((String) operation.get("operationId"), path,
                        (String) operation.get("summary"), ((String) operation.get("description")).strip(),
                        input(body, filled, List.of(), operation.containsKey("x-mcp-wait")),
                        (Map<?, ?>) operation.getOrDefault("x-mcp-hints", Map.of()),
                        defaults, response, (List<?>) operation.getOrDefault("x-mcp-aliases", List.of()),
                        operation.get("x-mcp-paging"), operation.get("x-mcp-metric"), List.of()));
                return;
            }
            for (Map<String, Object> variant : variants) {
                List<String> excluded = new ArrayList<>(filled);
                excluded.addAll((List<String>) variant.getOrDefault("exclude", List.of()));
                Map<String, Object> schema = input(body, excluded,
                        (List<String>) variant.getOrDefault("require", List.of()),
                        operation.containsKey("x-mcp-wait"));
                Map<String, Object> variantDefaults = new TreeMap<>(defaults);
                variantDefaults.keySet().removeAll(excluded);
                result.add(new ExpectedTool((String) variant.get("name"), path, (String) variant.get("title"),
                        ((String) variant.get("description")).strip(), schema,
                        (Map<?, ?>) variant.getOrDefault("hints", Map.of()), variantDefaults,
                        variant.containsKey("response") ? ref((String) variant.get("response")) : response,
                        (List<?>) variant.getOrDefault("aliases", List.of()), variant.get("paging"),
                        variant.get("metric"), (List<?>) variant.getOrDefault("omit", List.of())));
            }
        });
        return result;
    }

    /**
     * The input schema a tool should have, from the spec's request schema, in the form {@link #normalized} gives;
     * a tool that waits ({@code x-mcp-wait}) takes {@code waitSeconds} as well.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Map<String, Object> body, List<String> excluded, List<String> required,
                                             boolean waits) {
        Map<String, Object> schema = (Map<String, Object>) expected(Map.of("type", "object",
                "properties", body.getOrDefault("properties", Map.of()),
                "required", body.getOrDefault("required", List.of())));
        ((Map<String, Object>) schema.get("properties")).keySet().removeAll(excluded);
        if (waits) {
            Map<String, Object> waiting = (Map<String, Object>) Waiting.withArgument(Map.of("properties", Map.of()))
                    .get("properties");
            ((Map<String, Object>) schema.get("properties")).put(Waiting.ARGUMENT,
                    normalized(waiting.get(Waiting.ARGUMENT)));
        }
        Set<Object> requiredSet = new TreeSet<>((Set<Object>) schema.getOrDefault("required", Set.of()));
        requiredSet.removeAll(excluded);
        requiredSet.addAll(required);
        schema.remove("required");
        if (!requiredSet.isEmpty()) {
            schema.put("required", requiredSet);
        }
        return schema;
    }

    /**
     * How a spec schema should look in a tool's input: references resolved, objects with properties closed, maps
     * with their value schema, scalars with their type, enum and bounds, and descriptions where given.
     */
    @SuppressWarnings("unchecked")
    private static Object expected(Map<String, Object> property) {
        Map<String, Object> schema = property.get("$ref") instanceof String ref ? ref(ref) : property;
        Map<String, Object> out = new TreeMap<>();
        out.put("type", schema.getOrDefault("type", "string"));
        Object description = property.containsKey("description") ? property.get("description")
                : schema.get("description");
        if (description != null && !description.toString().isBlank()) {
            out.put("description", description.toString().strip());
        }
        for (String keyword : List.of("enum", "minimum", "maximum", "minLength")) {
            if (schema.containsKey(keyword)) {
                out.put(keyword, schema.get(keyword));
            }
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            out.put("items", expected((Map<String, Object>) items));
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            Map<String, Object> nested = new TreeMap<>();
            properties.forEach((name, value) -> nested.put((String) name, expected((Map<String, Object>) value)));
            out.put("properties", nested);
            out.put("additionalProperties", false);
            if (schema.get("required") instanceof List<?> required && !required.isEmpty()) {
                out.put("required", new TreeSet<>(required));
            }
        } else if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
            out.put("additionalProperties", expected((Map<String, Object>) values));
        }
        return out;
    }

    /** A tool's input schema in a comparable form: maps sorted, required as a set. */
    private static Object normalized(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((key, item) -> out.put((String) key, "required".equals(key) && item instanceof List<?> list
                    ? new TreeSet<>(list) : normalized(item)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ToolsMatchSpecTest::normalized).toList();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requestSchema(Map<String, Object> operation) {
        Map<String, Object> requestBody = (Map<String, Object>) operation.get("requestBody");
        if (requestBody == null) {
            return Map.of();
        }
        Map<String, Object> content = (Map<String, Object>) requestBody.get("content");
        Map<String, Object> media = (Map<String, Object>) content.values().iterator().next();
        return ref((String) ((Map<String, Object>) media.get("schema")).get("$ref"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responseSchema(Map<String, Object> operation) {
        Map<String, Object> ok = (Map<String, Object>) ((Map<String, Object>) operation.get("responses")).get("200");
        if (ok == null || !(ok.get("content") instanceof Map<?, ?> content)) {
            return null;
        }
        Map<String, Object> media = (Map<String, Object>) content.values().iterator().next();
        return ref((String) ((Map<String, Object>) media.get("schema")).get("$ref"));
    }

    /** A schema of components/schemas, by reference or by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ref(String ref) {
        return (Map<String, Object>) schemas().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas() {
        return (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("x-mcp-default is not JSON: " + json, e);
        }
    }

    /**
     * The answers kept for the tests, by file: {@code qc/<tool>.json} and {@code qc/<tool>_<case>.json} (the
     * longest tool name that prefixes the file name), and the {@code response} of each {@code qc/drift} case.
     * Answers with {@code success: false} are not answers a response schema describes.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> answers(Set<String> tools) throws IOException {
        Map<String, Map<String, Object>> answers = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> top = Files.list(ANSWERS); Stream<Path> drift = Files.list(ANSWERS.resolve("drift"))) {
            files = Stream.concat(top, drift).filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            Map<String, Object> json = JSON.readValue(file.toFile(), AS_MAP);
            String name = file.getFileName().toString().replace(".json", "");
            String tool = json.containsKey("drift") ? (String) json.get("tool") : tools.stream()
                    .filter(t -> name.equals(t) || name.startsWith(t + "_"))
                    .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null);
            Object answer = json.containsKey("drift") ? json.get("response") : json;
            assertFalse(tool == null, file + " names no tool");
            if (!Boolean.FALSE.equals(((Map<String, Object>) answer).get("success"))) {
                answers.put(ANSWERS.relativize(file).toString(), Map.of("tool", tool, "answer", answer));
            }
        }
        return answers;
    }
}
