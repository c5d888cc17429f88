package io.qcmcp.app.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real QuantConnect answers drift from the published spec (src/test/resources/qc/drift, one file per case,
 * each naming its drift). Through every affected tool: never rejected, nothing dropped, date-times rewritten
 * to RFC 3339 UTC and every other value passed through as sent.
 */
class DriftCorpusTest {

    @RegisterExtension
    static final WithFakeQuantConnect<InProcessServer> SETUP = WithFakeQuantConnect.inProcess();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Path CORPUS = Path.of("src", "test", "resources", "qc", "drift");

    @Test
    @DisplayName("Every drifted answer passes through its tool whole, with date-times normalised")
    void corpus() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> driftSeen = new TreeSet<>();
        List<Path> cases;
        try (Stream<Path> files = Files.list(CORPUS)) {
            cases = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : cases) {
            JsonNode spec = JSON.readTree(file.toFile());
            spec.get("drift").forEach(d -> driftSeen.add(d.asText()));
            SETUP.quantConnect().answerRaw(spec.get("path").asText(), 200, "application/json", spec.get("response").toString());
            Map<String, Object> arguments = JSON.convertValue(spec.get("arguments"), new TypeReference<>() { });
            JsonNode result = SETUP.server().call(spec.get("tool").asText(), arguments);
            if (result.path("isError").asBoolean()) {
                problems.add(file.getFileName() + ": rejected: " + result);
                continue;
            }
            // The answer as sent; compare() itself expects each zone-less date-time in RFC 3339. The reduced view
            // drops the heavy parts: red when it normalises dates differently from the other tools, or drops more.
            JsonNode expected = spec.get("response").deepCopy();
            if ("read_backtest_reduced".equals(spec.get("tool").asText())) {
                ObjectNode backtest = (ObjectNode) expected.get("backtest");
                backtest.remove(List.of("charts", "orders", "rollingWindow"));
                if (backtest.get("totalPerformance") instanceof ObjectNode performance) {
                    performance.remove("closedTrades");
                }
                if (result.at("/structuredContent/backtest").has("charts")) {
                    problems.add(file.getFileName() + ": the reduced view kept the charts");
                }
            }
            compare(file.getFileName() + "", "", expected, result.get("structuredContent"), problems);
            if (!JSON.readTree(result.at("/content/0/text").asText()).equals(result.get("structuredContent"))) {
                problems.add(file.getFileName() + ": text and structured content differ");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(cases.size() >= 5, cases.size() + " cases");
        System.out.println("Drift corpus: " + cases.size() + " answers covering " + driftSeen);
    }

    /** Every value of {@code sent} is in {@code got}: equal, or the RFC 3339 form of a zone-less date-time. */
    private static void compare(String file, String path, JsonNode sent, JsonNode got, List<String> problems) {
        if (got == null || got.isMissingNode()) {
            problems.add(file + ": dropped " + path);
            return;
        }
        if (sent.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = sent.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ("content".equals(field.getKey())) {
                    if (!field.getValue().equals(got.get("content"))) {
                        problems.add(file + ": file content changed at " + path);
                    }
                    continue;
                }
                compare(file, path + "/" + field.getKey(), field.getValue(), got.get(field.getKey()), problems);
            }
        } else if (sent.isArray()) {
            for (int i = 0; i < sent.size(); i++) {
                compare(file, path + "/" + i, sent.get(i), got.get(i), problems);
            }
        } else if (sent.isTextual() && sent.asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
            String expected = sent.asText().replace(' ', 'T') + "Z";
            if (!expected.equals(got.asText())) {
                problems.add(file + ": " + path + " is " + got + ", expected " + expected);
            }
        } else if (!sent.equals(got)) {
            problems.add(file + ": " + path + " is " + got + ", sent " + sent);
        }
    }
}
