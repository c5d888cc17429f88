package io.qcmcp.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without OAuth the stack is the one released before OAuth existed: the templates of the defaults and of every
 * production setting equal the ones recorded in src/test/resources/baseline from that release (synthesized with
 * the stub asset). A deliberate change to the stack re-records them with {@code -Dqcmcp.recordBaseline=true}, and
 * the diff of the recorded file is the change an existing deployment will see.
 */
class WithoutOAuthTest {

    static final Path BASELINE = Path.of("src/test/resources/baseline");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static Stream<Arguments> stacks() {
        return Stream.of(Arguments.of("defaults", Map.of()),
                Arguments.of("production", ProductionSettingsTest.SETTINGS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    @DisplayName("Without OAuth (no setting, or oauth=none) the template is the one recorded before OAuth existed")
    void unchanged(String name, Map<String, Object> settings) throws IOException {
        Path file = BASELINE.resolve(name + ".template.json");
        Object synthesized = normalized(new Synthesized(settings).template.toJSON());
        if (Boolean.getBoolean("qcmcp.recordBaseline")) {
            Files.createDirectories(BASELINE);
            Files.writeString(file, text(synthesized) + "\n");
        }
        assertTrue(Files.isRegularFile(file), file + " is recorded");
        @SuppressWarnings("unchecked")
        Map<String, Object> recorded = JSON.readValue(file.toFile(), Map.class);
        assertEquals(text(recorded), text(synthesized),
                "the template without OAuth changed from " + file);
        Map<String, Object> none = new HashMap<>(settings);
        none.put("oauth", "none");
        assertEquals(text(recorded), text(normalized(new Synthesized(none).template.toJSON())),
                "oauth=none is the same as no setting");
    }

    /**
     * The template as indented JSON, with the API deployment's logical id without its hash: CDK hashes the API's
     * configuration into it, in an order that changes between JVMs, and the deployment is replaced on every
     * release anyway (it holds no state).
     */
    static String text(Object template) throws IOException {
        return JSON.writeValueAsString(template).replaceAll("(ApiDeployment[0-9A-F]{8})[0-9a-f]{32}", "$1");
    }

    /**
     * The template with the metrics of each alarm's math expression in the order of their ids: the stack builds
     * them from a Map.of, whose order changes from one JVM to the next (CloudWatch does not care).
     */
    static Object normalized(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.TreeMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalized(v)));
            return copy;
        }
        if (value instanceof java.util.List<?> list) {
            java.util.List<Object> copy = new java.util.ArrayList<>(list.stream().map(WithoutOAuthTest::normalized).toList());
            if (copy.stream().allMatch(item -> item instanceof Map<?, ?> m && m.get("Id") instanceof String)) {
                copy.sort(java.util.Comparator.comparing(item -> String.valueOf(((Map<?, ?>) item).get("Id"))));
            }
            return copy;
        }
        return value;
    }

    /** The recorded template of {@code name} (defaults or production). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> recorded(String name) throws IOException {
        return JSON.readValue(BASELINE.resolve(name + ".template.json").toFile(), Map.class);
    }
}
