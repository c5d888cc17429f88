package io.qcmcp.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Logging set up in code (found by logback as a service), so that starting the function parses no XML: JSON
 * lines on standard output (on standard error with {@code --stdio}: {@link #TO_STDERR}). {@code LOG_LEVEL} (or {@code DEBUG=true}) sets the level of the server's own loggers;
 * the libraries' loggers never go below {@link #FLOORS}, whatever is asked: at DEBUG and TRACE Micronaut prints
 * every property it injects (the QuantConnect token and user id, the MCP key), the HTTP layers print headers, and
 * the MCP SDK echoes what clients send (argument values included) at WARN. A quieter level quiets them too.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

    /** The server's own loggers: the only ones {@code LOG_LEVEL} may make more verbose than INFO. */
    static final String OURS = "io.qcmcp";
    /** The least severe level each library logger (and the root, for any other library) may log at. */
    static final Map<String, Level> FLOORS = floors();
    /**
     * The system property that sends the log to standard error: {@code --stdio} sets it, since its standard output
     * carries only JSON-RPC.
     */
    public static final String TO_STDERR = "qcmcp.log.stderr";
    /** The values {@code LOG_LEVEL} takes, in any case. */
    public static final String LEVELS = "trace, debug, info, warn, error or off";

    private static Map<String, Level> floors() {
        Map<String, Level> floors = new LinkedHashMap<>();
        floors.put(Logger.ROOT_LOGGER_NAME, Level.INFO);
        floors.put("io.micronaut", Level.INFO);
        floors.put("io.netty", Level.INFO);
        floors.put("software.amazon.awssdk", Level.INFO);
        floors.put("com.amazonaws", Level.INFO);
        floors.put("reactor", Level.INFO);
        floors.put("io.modelcontextprotocol", Level.ERROR);
        return Map.copyOf(floors);
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSecrets.register(System.getenv("QUANTCONNECT_API_TOKEN"));
        LogSecrets.register(System.getenv("QUANTCONNECT_USER_ID"));
        LogSecrets.register(System.getenv("MCP_API_KEY"));
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("JSON");
        console.setEncoder(encoder);
        if (Boolean.getBoolean(TO_STDERR)) {
            console.setTarget("System.err");
        }
        console.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
        levels(level(System.getenv("DEBUG"), System.getenv("LOG_LEVEL")))
                .forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level of each configured logger when {@code asked} is the level asked for. */
    static Map<String, Level> levels(Level asked) {
        Map<String, Level> levels = new LinkedHashMap<>();
        FLOORS.forEach((name, floor) -> levels.put(name, asked.isGreaterOrEqual(floor) ? asked : floor));
        levels.put(OURS, asked);
        return levels;
    }

    /** DEBUG when {@code DEBUG=true} or {@code LOG_LEVEL=debug}, else {@code LOG_LEVEL}, else INFO. */
    static Level level(String debug, String logLevel) {
        if ("true".equalsIgnoreCase(debug)) {
            return Level.DEBUG;
        }
        return valid(logLevel) && logLevel != null && !logLevel.isBlank() ? Level.toLevel(logLevel.strip())
                : Level.INFO;
    }

    /** Whether {@code logLevel} is unset or one of {@link #LEVELS} (the server refuses to start otherwise). */
    public static boolean valid(String logLevel) {
        return logLevel == null || logLevel.isBlank() || switch (logLevel.strip().toLowerCase(Locale.ROOT)) {
            case "trace", "debug", "info", "warn", "error", "off" -> true;
            default -> false;
        };
    }
}
