package io.qcmcp.app.settings;

import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each setting with a fixed kind of value refuses the rest, and accepts what the README documents. */
class SettingsCheckTest {

    private static final Set<String> TOOLSETS = Set.of("account", "projects", "files", "live");

    private static List<String> problems(Map<String, Object> properties, Map<String, String> environment) {
        return SettingsCheck.problems(new PropertySourcePropertyResolver(PropertySource.of("test", properties)),
                environment, TOOLSETS);
    }

    private static List<String> problems(String property, String value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(property, value);
        return problems(properties, Map.of());
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "mcp.read-only|1",
            "mcp.read-only|yes",
            "mcp.read-only|on",
            "mcp.read-only|' true'",
            "mcp.toolsets|projects,bogus",
            "mcp.toolsets|backtest",
            "mcp.max-result-chars|0",
            "mcp.max-result-chars|-5",
            "mcp.max-result-chars|20k",
            "mcp.max-result-chars|99999999999",
            "mcp.max-body-bytes|5MB",
            "mcp.max-nesting-depth|0",
            "mcp.allowed-origins|https://app.example/",
            "mcp.allowed-origins|localhost:3000",
            "mcp.poll-interval|1",
            "mcp.poll-interval|0s",
            "mcp.poll-interval|soon",
            "quantconnect.api-url|www.quantconnect.com/api/v2",
            "quantconnect.api-url|ftp://quantconnect.com/api/v2",
            "quantconnect.api-url|''",
            "quantconnect.secrets.endpoint|localhost:4566",
            "quantconnect.connect-timeout|-1s",
            "quantconnect.read-timeout|PTXS",
            "quantconnect.request-budget|25",
            "quantconnect.max-attempts|0",
            "qcmcp.metrics.emf|1",
            "micronaut.server.port|http",
            "micronaut.server.port|70000",
            "quantconnect.max-answer-bytes|16MiB",
            "mcp.max-concurrent-requests|0",
            "micronaut.executors.blocking.n-threads|-1",
            "micronaut.server.read-idle-timeout|10",
    })
    void refused(String property, String value) {
        List<String> problems = problems(property, value);
        assertEquals(1, problems.size(), problems.toString());
        String variable = SettingsCheck.variable(property);
        assertTrue(problems.get(0).startsWith(variable + " "), problems.get(0));
        if (!property.equals("mcp.toolsets")) {
            assertTrue(problems.get(0).endsWith(", not '" + value + "'"), problems.get(0));
        }
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource(delimiter = '|', value = {
            "mcp.read-only|true",
            "mcp.read-only|FALSE",
            "mcp.read-only|True",
            "mcp.read-only|''",
            "mcp.toolsets|all",
            "mcp.toolsets|' Projects, files ,'",
            "mcp.toolsets|''",
            "mcp.max-result-chars|100000",
            "mcp.max-body-bytes|65536",
            "mcp.allowed-origins|'http://localhost:*,http://127.0.0.1:*,http://[::1]:*'",
            "mcp.allowed-origins|'https://inspector.example, vscode-webview://abc'",
            "mcp.allowed-origins|*",
            "mcp.poll-interval|100ms",
            "mcp.poll-interval|PT0.5S",
            "quantconnect.api-url|https://www.quantconnect.com/api/v2",
            "quantconnect.api-url|http://127.0.0.1:8089/api/v2",
            "quantconnect.secrets.endpoint|''",
            "quantconnect.request-budget|25s",
            "quantconnect.read-timeout|2m",
            "quantconnect.max-attempts|3",
            "qcmcp.metrics.emf|''",
            "qcmcp.metrics.emf|true",
            "micronaut.server.port|-1",
            "micronaut.server.port|8080",
    })
    void accepted(String property, String value) {
        assertEquals(List.of(), problems(property, value));
    }

    @Test
    @DisplayName("An unknown toolset is named beside the known ones")
    void unknownToolset() {
        assertEquals(List.of("MCP_TOOLSETS names unknown toolsets [bogus]; known: account, files, live, projects "
                + "(or all)"), problems("mcp.toolsets", "projects,bogus"));
    }

    @Test
    @DisplayName("LOG_LEVEL takes trace, debug, info, warn, error or off in any case; DEBUG takes true or false")
    void environmentOnly() {
        assertEquals(List.of(), problems(Map.of(), Map.of("LOG_LEVEL", "TRACE", "DEBUG", "false")));
        assertEquals(List.of(), problems(Map.of(), Map.of("LOG_LEVEL", "", "DEBUG", "")));
        assertEquals(List.of("LOG_LEVEL must be trace, debug, info, warn, error or off, not 'loud'",
                "DEBUG must be true or false, not '1'"), problems(Map.of(), Map.of("LOG_LEVEL", "loud", "DEBUG", "1")));
    }

    @Test
    @DisplayName("Every unreadable setting is named in one line, each refused value cut to 64 characters")
    void oneLine() {
        Map<String, Object> properties = Map.of("mcp.read-only", "1", "mcp.toolsets", "x".repeat(100_000),
                "mcp.max-result-chars", "y".repeat(100_000));
        String message = SettingsCheck.message(problems(properties, Map.of()));
        assertFalse(message.contains("\n"), message);
        assertTrue(message.length() < 600, message);
        assertTrue(message.startsWith("The server does not start: MCP_READ_ONLY must be true or false, not '1'; "),
                message);
        assertTrue(message.contains("MCP_TOOLSETS names unknown toolsets [" + "x".repeat(64) + "...]"), message);
        assertTrue(message.contains("MCP_MAX_RESULT_CHARS must be a whole number from 1 to 2147483647, not '"
                + "y".repeat(64) + "...(100000 characters)'"), message);
    }

    @Test
    @DisplayName("A framework setting filled from one of our variables is named by that variable")
    void ourVariableNamed() {
        assertTrue(problems("micronaut.server.read-idle-timeout", "soon").get(0).startsWith("MCP_READ_TIMEOUT "));
        assertTrue(problems("micronaut.executors.blocking.n-threads", "0").get(0).startsWith("MCP_BLOCKING_THREADS "));
    }
}
