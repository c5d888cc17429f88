package io.qcmcp.app.settings;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.value.PropertyResolver;
import io.qcmcp.app.observability.LogSecrets;
import io.qcmcp.app.observability.LoggingConfigurator;
import io.qcmcp.app.tools.ServerTool;
import io.qcmcp.app.tools.ToolRegistry;
import io.qcmcp.client.OperationGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every setting of the server once, at start, before any other bean is built, and stops the start when one
 * cannot be read: one ERROR line naming each such setting, what it takes and what it got, then an
 * {@link InvalidSettingsException}. So the local server exits (see {@code Application}) and the Lambda handler's
 * initialisation throws (the function's init fails), instead of a server that ignores a setting
 * (a read-only deployment that is not) or answers every request with an error. Booleans take {@code true} or
 * {@code false} in any case and nothing else; a blank value means unset where the server has a default for it.
 *
 * <p>Cheap at cold start: a few property look-ups, and the toolset names from the operation groups Lambda builds at
 * start anyway. It also hands the token, user id and MCP key to {@link LogSecrets}, whatever property source set
 * them.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SettingsCheck {

    private static final Logger LOG = LoggerFactory.getLogger("io.qcmcp.settings");
    /** The longest part of a refused value the message quotes. */
    static final int SHOWN_VALUE_CHARS = 64;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ns|ms|s|m|h|d)");
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s]+");
    /** Addresses that only this machine reaches, as literals: no name is looked up at start. */
    private static final Pattern LOOPBACK = Pattern.compile(
            "localhost|127(\\.\\d{1,3}){3}|::1|\\[::1]|0:0:0:0:0:0:0:1", Pattern.CASE_INSENSITIVE);
    /**
     * The Micronaut environment of a process that answers on standard input and output: like the Lambda function's
     * ({@link Environment#FUNCTION}) it has no listening server, so the listening-address rule does not apply.
     */
    public static final String STDIO_ENVIRONMENT = "stdio";

    SettingsCheck(Environment environment, List<OperationGroup> groups) {
        LogSecrets.register(environment.getProperty("quantconnect.api-token", String.class).orElse(null));
        LogSecrets.register(environment.getProperty("quantconnect.user-id", String.class).orElse(null));
        LogSecrets.register(environment.getProperty("mcp.api-key", String.class).orElse(null));
        Set<String> active = environment.getActiveNames();
        boolean function = active.contains(Environment.FUNCTION);
        List<String> problems = problems(environment, System.getenv(), toolsets(groups), function,
                !function && !active.contains(STDIO_ENVIRONMENT));
        if (!problems.isEmpty()) {
            String message = message(problems);
            LOG.error(message);
            throw new InvalidSettingsException(message);
        }
    }

    /** The one line that says why the server does not start. */
    static String message(List<String> problems) {
        return "The server does not start: " + String.join("; ", problems) + ".";
    }

    /** The toolsets the spec's tags define. */
    static Set<String> toolsets(Collection<OperationGroup> groups) {
        Set<String> toolsets = new TreeSet<>();
        groups.forEach(group -> group.operations().forEach(operation -> toolsets.add(operation.toolset())));
        return toolsets;
    }

    /**
     * What is wrong with the settings, one entry per setting that cannot be read; empty when all can.
     *
     * @param properties the server's properties (environment variables arrive there too)
     * @param environment the process's environment variables, for those read before the properties exist
     * @param toolsets the toolset names {@code MCP_TOOLSETS} may use
     */
    static List<String> problems(PropertyResolver properties, Map<String, String> environment, Set<String> toolsets) {
        return problems(properties, environment, toolsets, false);
    }

    /** @param function whether this is the Lambda function, which takes its URL from API Gateway's requests */
    static List<String> problems(PropertyResolver properties, Map<String, String> environment, Set<String> toolsets,
                                 boolean function) {
        return problems(properties, environment, toolsets, function, !function);
    }

    /**
     * @param listening whether this process runs the HTTP server (not the Lambda function, not standard input and
     *                  output); on Lambda it also runs none when {@code AWS_LAMBDA_FUNCTION_NAME} is set
     */
    static List<String> problems(PropertyResolver properties, Map<String, String> environment, Set<String> toolsets,
                                 boolean function, boolean listening) {
        Check check = new Check(properties);
        check.bool("mcp.read-only", true);
        check.toolsets("mcp.toolsets", toolsets);
        check.positive("mcp.max-result-chars");
        check.positive("mcp.max-body-bytes");
        check.positive("mcp.max-nesting-depth");
        check.origins("mcp.allowed-origins");
        check.duration("mcp.poll-interval");
        check.url("quantconnect.api-url", false);
        check.url("quantconnect.secrets.endpoint", true);
        check.duration("quantconnect.connect-timeout");
        check.duration("quantconnect.read-timeout");
        check.duration("quantconnect.request-budget");
        check.positive("quantconnect.max-attempts");
        check.positive("quantconnect.max-answer-bytes");
        check.positive("mcp.max-concurrent-requests");
        check.positive("micronaut.executors.blocking.n-threads");
        check.duration("micronaut.server.read-idle-timeout");
        check.bool("qcmcp.metrics.emf", true);
        check.port("micronaut.server.port");
        check.oneOf("mcp.live-trading", List.of("off", "paper", "on"));
        check.bool("mcp.confirm-live", true);
        check.url("mcp.oauth.issuer", true);
        check.url("mcp.resource-url", true);
        boolean oauth = check.value("mcp.oauth.issuer").filter(value -> !value.isBlank()).isPresent();
        boolean resource = check.value("mcp.resource-url").filter(value -> !value.isBlank()).isPresent();
        boolean lambda = function || environment.get("AWS_LAMBDA_FUNCTION_NAME") != null;
        if (oauth && !resource && !lambda) {
            check.problems.add("MCP_RESOURCE_URL must be set when MCP_OAUTH_ISSUER is: the URL of this server's MCP "
                    + "endpoint as clients use it (for example http://localhost:8080/mcp), the audience its tokens "
                    + "must carry");
        }
        boolean key = check.value("mcp.api-key").filter(value -> !value.isBlank()).isPresent();
        if (listening && !lambda && !key && !oauth) {
            // Beyond loopback (0.0.0.0 for docker run -p) anyone who reaches the port would spend the QuantConnect
            // account's credentials: only with a key or OAuth in front.
            check.value("micronaut.server.host").filter(host -> !LOOPBACK.matcher(host.strip()).matches())
                    .ifPresent(host -> check.refuse("micronaut.server.host", "a loopback address (127.0.0.1, "
                            + "localhost or ::1) unless MCP_API_KEY or MCP_OAUTH_ISSUER is set", host));
        }
        String logLevel = environment.get("LOG_LEVEL");
        if (!LoggingConfigurator.valid(logLevel)) {
            check.problems.add("LOG_LEVEL must be " + LoggingConfigurator.LEVELS + ", not " + shown(logLevel));
        }
        String debug = environment.get("DEBUG");
        if (debug != null && !debug.isBlank() && !isBoolean(debug)) {
            check.problems.add("DEBUG must be true or false, not " + shown(debug));
        }
        return check.problems;
    }

    /** The environment variable that sets {@code property}: {@code mcp.read-only} is {@code MCP_READ_ONLY}. */
    static String variable(String property) {
        return RENAMED.getOrDefault(property, property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    /** Framework settings that application.properties fills from a variable of our own name. */
    private static final Map<String, String> RENAMED = Map.of(
            "micronaut.server.read-idle-timeout", "MCP_READ_TIMEOUT",
            "micronaut.executors.blocking.n-threads", "MCP_BLOCKING_THREADS");

    private static boolean isBoolean(String value) {
        return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
    }

    /** A refused value as the message quotes it: in quotes, cut to {@value #SHOWN_VALUE_CHARS} characters. */
    private static String shown(String value) {
        String text = value.length() <= SHOWN_VALUE_CHARS ? value
                : value.substring(0, SHOWN_VALUE_CHARS) + "...(" + value.length() + " characters)";
        return "'" + text + "'";
    }

    /** The checks, collecting what they refuse. */
    private static final class Check {
        final List<String> problems = new ArrayList<>();
        private final PropertyResolver properties;

        Check(PropertyResolver properties) {
            this.properties = properties;
        }

        /** The value of {@code property} as set, or empty when it is not. */
        private Optional<String> value(String property) {
            return properties.getProperty(property, String.class);
        }

        private void refuse(String property, String expected, String value) {
            problems.add(variable(property) + " must be " + expected + ", not " + shown(value));
        }

        void bool(String property, boolean blankAllowed) {
            value(property).ifPresent(value -> {
                if (!(isBoolean(value) || blankAllowed && value.isBlank())) {
                    refuse(property, "true or false", value);
                }
            });
        }

        void toolsets(String property, Set<String> known) {
            value(property).ifPresent(value -> {
                Set<String> unknown = new TreeSet<>();
                Arrays.stream(value.split(",")).map(name -> name.strip().toLowerCase(Locale.ROOT))
                        .filter(name -> !name.isEmpty() && !name.equals(ToolRegistry.ALL) && !name.equals(ServerTool.SERVER)
                                && !known.contains(name))
                        .forEach(name -> unknown.add(name.length() <= SHOWN_VALUE_CHARS ? name
                                : name.substring(0, SHOWN_VALUE_CHARS) + "..."));
                if (!unknown.isEmpty()) {
                    problems.add(variable(property) + " names unknown toolsets " + unknown + "; known: "
                            + String.join(", ", new TreeSet<>(known)) + " (or all)");
                }
            });
        }

        void positive(String property) {
            value(property).ifPresent(value -> {
                try {
                    if (Integer.parseInt(value) > 0) {
                        return;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                refuse(property, "a whole number from 1 to " + Integer.MAX_VALUE, value);
            });
        }

        void port(String property) {
            value(property).ifPresent(value -> {
                try {
                    int port = Integer.parseInt(value);
                    if (port >= -1 && port <= 65535) {
                        return;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                refuse(property, "a port number from 0 to 65535 (-1 for any free port)", value);
            });
        }

        void duration(String property) {
            value(property).ifPresent(value -> {
                Duration duration = null;
                Matcher matcher = DURATION.matcher(value);
                try {
                    if (matcher.matches()) {
                        long amount = Long.parseLong(matcher.group(1));
                        duration = switch (matcher.group(2)) {
                            case "ns" -> Duration.ofNanos(amount);
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            case "h" -> Duration.ofHours(amount);
                            default -> Duration.ofDays(amount);
                        };
                    } else if (value.startsWith("P")) {
                        duration = Duration.parse(value);
                    }
                } catch (DateTimeParseException e) {
                    duration = null;
                }
                if (duration == null || duration.isNegative() || duration.isZero()) {
                    refuse(property, "a duration above zero such as 500ms, 5s, 2m or PT5S", value);
                }
            });
        }

        void oneOf(String property, List<String> allowed) {
            value(property).ifPresent(value -> {
                if (!allowed.contains(value.strip().toLowerCase(Locale.ROOT))) {
                    refuse(property, String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                            + allowed.get(allowed.size() - 1), value);
                }
            });
        }

        void url(String property, boolean blankAllowed) {
            value(property).ifPresent(value -> {
                if (blankAllowed && value.isBlank()) {
                    return;
                }
                try {
                    URI uri = new URI(value);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                        return;
                    }
                } catch (URISyntaxException e) {
                    // refused below
                }
                refuse(property, "an absolute http(s) URL", value);
            });
        }

        void origins(String property) {
            value(property).ifPresent(value -> {
                for (String entry : value.split(",")) {
                    String origin = entry.strip().toLowerCase(Locale.ROOT);
                    if (!origin.isEmpty() && !origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                        refuse(property, "a comma-separated list of origins (scheme://host, scheme://host:port or "
                                + "scheme://host:* for any port, without a path) or *", entry.strip());
                    }
                }
            });
        }
    }
}
