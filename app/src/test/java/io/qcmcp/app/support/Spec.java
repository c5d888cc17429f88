package io.qcmcp.app.support;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What openapi/quantconnect.yaml says, read by the tests (never by the server), so that counts and names are
 * checked against the spec rather than against the server's own output.
 */
public final class Spec {

    public static final Path FILE = Path.of("..", "openapi", "quantconnect.yaml");
    /** The tools the server adds beside the spec's operations. */
    public static final Set<String> SERVER_TOOLS = Set.of("read_mcp_server_version", "read_infra_health",
            "backtest_project", "plot_backtest");

    private Spec() {
    }

    /** One tool per operation, or one per entry of its x-mcp-tools. */
    @SuppressWarnings("unchecked")
    public static Set<String> toolNames() {
        Map<String, Object> spec;
        try (Reader reader = Files.newBufferedReader(FILE)) {
            spec = new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        ((Map<String, Map<String, Map<String, Object>>>) spec.get("paths")).values().forEach(path ->
                path.values().forEach(operation -> {
                    if (operation.get("x-mcp-tools") instanceof List<?> tools) {
                        tools.forEach(tool -> names.add(String.valueOf(((Map<String, Object>) tool).get("name"))));
                    } else {
                        names.add(String.valueOf(operation.get("operationId")));
                    }
                }));
        return names;
    }
}
