package io.qcmcp.app.settings;

import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.qcmcp.app.Application;
import io.qcmcp.app.support.ChildJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A setting the server cannot read stops it at start with one clear line: the local server (its real main, as
 * {@code mn:run} and {@code java -jar} start it) exits non-zero, and the Lambda handler's initialisation (its
 * no-argument constructor, as the Lambda runtime calls it) throws, so the function's init fails.
 */
class BadSettingsStopStartTest {

    static final String STARTED = "started: ";

    /** The local server as {@code java -jar} runs it; exits once it has started. */
    public static final class LocalStart {
        public static void main(String[] args) {
            Application.main(args);
            System.out.println(STARTED + "local server");
            System.exit(0);
        }
    }

    /** The Lambda function's initialisation: the runtime constructs the handler class. */
    public static final class LambdaInit {
        public static void main(String[] args) {
            try {
                new ApiGatewayProxyRequestEventFunction().close();
            } catch (RuntimeException e) {
                System.out.println("init failed: " + e.getClass().getName());
                System.exit(1);
            }
            System.out.println(STARTED + "Lambda handler");
            System.exit(0);
        }
    }

    private static ChildJvm.Result start(String entry, Map<String, String> settings) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(settings);
        environment.put("MICRONAUT_SERVER_PORT", "-1");
        return ChildJvm.exec(entry.equals("local") ? LocalStart.class : LambdaInit.class, environment);
    }

    @ParameterizedTest(name = "{0}: {1}={2} stops the start")
    @CsvSource(delimiter = '|', value = {
            "local|MCP_READ_ONLY|1|MCP_READ_ONLY must be true or false, not '1'",
            "lambda|MCP_READ_ONLY|1|MCP_READ_ONLY must be true or false, not '1'",
            "local|MCP_TOOLSETS|projects,bogus|MCP_TOOLSETS names unknown toolsets [bogus]; known: account, ai, "
                    + "backtests, compile, files, lean, live, object-store, optimizations, projects (or all)",
            "lambda|MCP_TOOLSETS|projects,bogus|MCP_TOOLSETS names unknown toolsets [bogus]; known: account, ai, "
                    + "backtests, compile, files, lean, live, object-store, optimizations, projects (or all)",
            "local|MCP_MAX_RESULT_CHARS|lots|MCP_MAX_RESULT_CHARS must be a whole number from 1 to 2147483647, not 'lots'",
            "lambda|LOG_LEVEL|verbose|LOG_LEVEL must be trace, debug, info, warn, error or off, not 'verbose'",
    })
    void stops(String entry, String variable, String value, String problem) throws Exception {
        ChildJvm.Result child = start(entry, Map.of(variable, value));
        String output = child.output();
        assertTrue(child.exitCode() > 0, "exit code " + child.exitCode() + ": " + output);
        assertFalse(output.contains(STARTED), output);
        List<String> lines = output.lines().filter(line -> line.contains(variable)).toList();
        assertEquals(1, lines.size(), "one line names " + variable + ":\n" + output);
        assertTrue(lines.get(0).contains("\"level\":\"ERROR\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"message\":\"The server does not start: " + problem + ".\""), lines.get(0));
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        assertFalse(output.contains("Bean definition") || output.contains("Error starting Micronaut"),
                "no second line quoting the bean path:\n" + output);
        if (entry.equals("lambda")) {
            assertTrue(output.contains("init failed: "), output);
        }
    }

    @Test
    @DisplayName("With settings it can read, in any case, both entry points start")
    void readableSettingsStart() throws Exception {
        Map<String, String> settings = Map.of("MCP_READ_ONLY", "TRUE", "MCP_TOOLSETS", "Projects, files",
                "LOG_LEVEL", "Warn", "DEBUG", "false");
        for (String entry : List.of("local", "lambda")) {
            ChildJvm.Result child = start(entry, settings);
            assertEquals(0, child.exitCode(), child.output());
            assertTrue(child.output().contains(STARTED), child.output());
        }
    }
}
