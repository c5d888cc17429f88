package io.qcmcp.app.settings;

import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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

    /** Each setting with values it refuses and values it accepts, as the README documents them. */
    private static final List<Setting> SETTINGS = List.of(
            setting("mcp.read-only").refuses("1", "yes", "on", " true").accepts("true", "FALSE", "True", ""),
            setting("mcp.toolsets").refuses("projects,bogus", "backtest").accepts("all", " Projects, files ,", ""),
            setting("mcp.max-result-chars").refuses("0", "-5", "20k", "99999999999").accepts("100000"),
            setting("mcp.max-body-bytes").refuses("5MB").accepts("65536"),
            setting("mcp.max-nesting-depth").refuses("0"),
            setting("mcp.allowed-origins").refuses("https://app.example/", "localhost:3000")
                    .accepts("http://localhost:*,http://127.0.0.1:*,http://[::1]:*",
                            "https://inspector.example, vscode-webview://abc", "*"),
            setting("mcp.poll-interval").refuses("1", "0s", "soon").accepts("100ms", "PT0.5S"),
            setting("quantconnect.api-url").refuses("www.quantconnect.com/api/v2", "ftp://quantconnect.com/api/v2", "")
                    .accepts("https://www.quantconnect.com/api/v2", "http://127.0.0.1:8089/api/v2"),
            setting("quantconnect.secrets.endpoint").refuses("localhost:4566").accepts(""),
            setting("quantconnect.connect-timeout").refuses("-1s"),
            setting("quantconnect.read-timeout").refuses("PTXS").accepts("2m"),
            setting("quantconnect.request-budget").refuses("25").accepts("25s"),
            setting("quantconnect.max-attempts").refuses("0").accepts("3"),
            setting("qcmcp.metrics.emf").refuses("1").accepts("", "true"),
            setting("micronaut.server.port").refuses("http", "70000").accepts("-1", "8080"),
            setting("quantconnect.max-answer-bytes").refuses("16MiB"),
            setting("mcp.max-concurrent-requests").refuses("0"),
            setting("micronaut.executors.blocking.n-threads").refuses("-1"),
            setting("micronaut.server.read-idle-timeout").refuses("10"),
            setting("mcp.resource-url").refuses("localhost:8080/mcp").accepts("", "https://mcp.example.com/oauth/mcp"),
            setting("micronaut.server.host").refuses("0.0.0.0", "::", "192.168.1.20", "mcp.example.com", "")
                    .accepts("127.0.0.1", "127.0.0.2", "localhost", "LocalHost", "::1", "[::1]", "0:0:0:0:0:0:0:1"));

    /** A setting's property name, the values it must refuse and the values it must accept. */
    private record Setting(String property, List<String> refused, List<String> accepted) {

        Setting refuses(String... values) {
            return new Setting(property, List.of(values), accepted);
        }

        Setting accepts(String... values) {
            return new Setting(property, refused, List.of(values));
        }
    }

    private static Setting setting(String property) {
        return new Setting(property, List.of(), List.of());
    }

    static Stream<Arguments> refusedValues() {
        return SETTINGS.stream().flatMap(setting -> setting.refused().stream()
                .map(value -> Arguments.of(setting.property(), value)));
    }

    static Stream<Arguments> acceptedValues() {
        return SETTINGS.stream().flatMap(setting -> setting.accepted().stream()
                .map(value -> Arguments.of(setting.property(), value)));
    }

    @ParameterizedTest(name = "{0}=''{1}'' is refused")
    @MethodSource("refusedValues")
    void refused(String property, String value) {
        List<String> problems = problems(property, value);
        assertEquals(1, problems.size(), problems.toString());
        String variable = SettingsCheck.variable(property);
        assertTrue(problems.get(0).startsWith(variable + " "), problems.get(0));
        if (!property.equals("mcp.toolsets")) {
            assertTrue(problems.get(0).endsWith(", not '" + value + "'"), problems.get(0));
        }
    }

    @ParameterizedTest(name = "{0}=''{1}'' is accepted")
    @MethodSource("acceptedValues")
    void accepted(String property, String value) {
        assertEquals(List.of(), problems(property, value));
    }

    @Test
    @DisplayName("OAuth needs an issuer URL, and outside Lambda the server's own URL (the audience of its tokens)")
    void oauthSettings() {
        assertEquals(List.of("MCP_OAUTH_ISSUER must be an absolute http(s) URL, not 'cognito'"),
                problems(Map.of("mcp.oauth.issuer", "cognito", "mcp.resource-url", "http://localhost:8080/mcp"),
                        Map.of()));
        List<String> noResource = problems(Map.of("mcp.oauth.issuer", "https://issuer.example.com/"), Map.of());
        assertEquals(1, noResource.size(), noResource.toString());
        assertTrue(noResource.get(0).startsWith("MCP_RESOURCE_URL must be set when MCP_OAUTH_ISSUER is"));
        assertEquals(List.of(), problems(Map.of("mcp.oauth.issuer", "https://issuer.example.com/"),
                Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn")), "on Lambda the URL comes from API Gateway");
        assertEquals(List.of(), problems(Map.of("mcp.oauth.issuer", ""), Map.of()), "OAuth off");
    }

    @Test
    @DisplayName("Listening beyond loopback (docker run -p) needs an API key or OAuth; the Lambda function listens nowhere")
    void listeningAddress() {
        List<String> open = problems(Map.of("micronaut.server.host", "0.0.0.0", "mcp.api-key", " "), Map.of());
        assertEquals(List.of("MICRONAUT_SERVER_HOST must be a loopback address (127.0.0.1, localhost or ::1) unless "
                + "MCP_API_KEY or MCP_OAUTH_ISSUER is set, not '0.0.0.0'"), open, "a blank key is no key");
        assertEquals(List.of(), problems(Map.of("micronaut.server.host", "0.0.0.0", "mcp.api-key", "k3y"), Map.of()));
        assertEquals(List.of(), problems(Map.of("micronaut.server.host", "0.0.0.0",
                "mcp.oauth.issuer", "https://issuer.example.com/", "mcp.resource-url", "https://mcp.example.com/mcp"),
                Map.of()));
        assertEquals(List.of(), problems(Map.of("micronaut.server.host", "0.0.0.0"),
                Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn")), "on Lambda nothing listens");
        assertEquals(List.of(), SettingsCheck.problems(new PropertySourcePropertyResolver(PropertySource.of("test",
                Map.of("micronaut.server.host", "0.0.0.0"))), Map.of(), TOOLSETS, true),
                "the 'function' environment: nothing listens");
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
