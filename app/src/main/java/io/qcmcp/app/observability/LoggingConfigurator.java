package io.qcmcp.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * Logging set up in code (found by logback as a service), so that starting the function parses no XML: JSON
 * lines on standard output at the level of {@link #level}. Loggers that would print request headers or bean
 * state at debug never go below INFO.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

    static final Map<String, Level> FIXED = Map.of(
            "io.modelcontextprotocol", Level.WARN,
            "io.micronaut.http.client", Level.INFO,
            "io.micronaut.context", Level.INFO,
            "io.netty", Level.INFO,
            "software.amazon.awssdk", Level.INFO);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("JSON");
        console.setEncoder(encoder);
        console.start();
        Level level = level(System.getenv("DEBUG"), System.getenv("LOG_LEVEL"));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        context.getLogger("io.qcmcp").setLevel(level);
        FIXED.forEach((name, fixed) -> context.getLogger(name).setLevel(fixed));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** DEBUG when {@code DEBUG=true} or {@code LOG_LEVEL=debug}, else {@code LOG_LEVEL}, else INFO. */
    static Level level(String debug, String logLevel) {
        if ("true".equalsIgnoreCase(debug)) {
            return Level.DEBUG;
        }
        return logLevel == null || logLevel.isBlank() ? Level.INFO : Level.toLevel(logLevel.strip(), Level.INFO);
    }
}
