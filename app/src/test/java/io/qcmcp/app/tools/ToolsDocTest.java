package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.support.Spec;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/tools.md is generated from tools/list; this test fails when it is stale. Regenerate with
 * {@code mvn -pl app -am test -Dtest=ToolsDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dtools.docs.update=true}.
 */
class ToolsDocTest {

    static final Path DOC = Path.of("..", "docs", "tools.md");

    @Test
    @DisplayName("docs/tools.md matches the server's tools/list")
    void docIsCurrent() throws Exception {
        String expected;
        try (InProcessServer server = new InProcessServer(Map.of())) {
            Map<String, Boolean> retrySafe = new HashMap<>();
            OperationGroup.all(server.context().getBeansOfType(OperationGroup.class))
                    .forEach(op -> retrySafe.put(op.name(), op.retrySafe()));
            retrySafe.put("read_backtest_reduced", true);
            retrySafe.put("plot_backtest", true);
            retrySafe.put("backtest_project", false);
            expected = render(server.tools(), retrySafe);
        }
        if (Boolean.getBoolean("tools.docs.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), "docs/tools.md is missing: run with -Dtools.docs.update=true");
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertEquals(expected, doc, "docs/tools.md is stale: run with -Dtools.docs.update=true");
        // Checked against the spec, not against the renderer: red when the doc (even freshly regenerated) leaves out
        // a tool, lists one twice or miscounts them.
        Set<String> expectedNames = new TreeSet<>(Spec.toolNames());
        expectedNames.addAll(Spec.SERVER_TOOLS);
        List<String> headings = doc.lines().filter(line -> line.startsWith("## ")).map(line -> line.substring(3)).toList();
        assertEquals(List.copyOf(expectedNames), headings.stream().sorted().toList());
        assertEquals(expectedNames.size(), doc.lines().filter(line -> line.startsWith("| [`")).count(), "table rows");
        assertTrue(doc.contains(" " + expectedNames.size() + " tools."), "the count line");
    }

    static String render(JsonNode tools, Map<String, Boolean> retrySafe) {
        StringBuilder doc = new StringBuilder();
        doc.append("# Tools\n\n")
                .append("Generated from the server's `tools/list` by `ToolsDocTest`; do not edit by hand. ")
                .append(tools.size()).append(" tools.\n\n")
                .append("Annotations: **RO** read-only, **D** destructive, **I** idempotent, **W** open world ")
                .append("(calls QuantConnect).\n\n")
                .append("Retries: a QuantConnect call that fails on a dropped connection, a 5xx or a 429 is retried ")
                .append("(backoff with jitter, `Retry-After` honoured, inside the request's deadline) only when ")
                .append("repeating it cannot do anything twice: reads and idempotent writes. Creates and commands ")
                .append("are sent once more only when the connection failed before any answer came back (a ")
                .append("kept-alive connection QuantConnect had closed), never after a timeout or an answer that ")
                .append("broke off, because that attempt may already have been processed; check with a read before ")
                .append("trying again. Writes of the `live` toolset are never sent twice. A 429 that is not ")
                .append("retried, or outlasts the retries, ends in an error saying QuantConnect limits how often it ")
                .append("is called and how long to wait (its `Retry-After`, else a minute).\n\n")
                .append("| Tool | Annotations | Retried | Title |\n|---|---|---|---|\n");
        for (JsonNode tool : tools) {
            String name = tool.get("name").asText();
            JsonNode a = tool.get("annotations");
            String annotations = (a.path("readOnlyHint").asBoolean() ? "RO " : "")
                    + (a.path("destructiveHint").asBoolean() ? "D " : "")
                    + (a.path("idempotentHint").asBoolean() ? "I " : "")
                    + (a.path("openWorldHint").asBoolean() ? "W" : "");
            String retried = !retrySafe.containsKey(name) ? "no call" : retrySafe.get(name) ? "yes" : "no";
            doc.append("| [`").append(name).append("`](#").append(name).append(") | ").append(annotations.strip())
                    .append(" | ").append(retried).append(" | ").append(cell(tool.get("title").asText())).append(" |\n");
        }
        for (JsonNode tool : tools) {
            doc.append("\n## ").append(tool.get("name").asText()).append("\n\n")
                    .append(tool.get("description").asText()).append("\n\n");
            JsonNode schema = tool.get("inputSchema");
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").properties().iterator();
            if (!properties.hasNext()) {
                doc.append("No arguments.\n");
                continue;
            }
            doc.append("| Argument | Type | Required | Description |\n|---|---|---|---|\n");
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                JsonNode p = property.getValue();
                String type = p.path("type").asText();
                if (p.has("enum")) {
                    StringBuilder values = new StringBuilder();
                    p.get("enum").forEach(v -> values.append(values.length() == 0 ? "" : ", ").append(v.asText()));
                    type += " (" + values + ")";
                } else if (p.has("items")) {
                    type += " of " + p.at("/items/type").asText();
                }
                doc.append("| `").append(property.getKey()).append("` | ").append(cell(type)).append(" | ")
                        .append(required.contains(property.getKey()) ? "yes" : "no").append(" | ")
                        .append(cell(p.path("description").asText())).append(" |\n");
            }
        }
        return doc.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
