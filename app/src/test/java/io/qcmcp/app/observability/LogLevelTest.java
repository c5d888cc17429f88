package io.qcmcp.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLevelTest {

    @Test
    @DisplayName("DEBUG=true or LOG_LEVEL=debug raise the level; LOG_LEVEL sets it; INFO otherwise and on nonsense")
    void level() {
        assertEquals(Level.DEBUG, LoggingConfigurator.level("true", null));
        assertEquals(Level.DEBUG, LoggingConfigurator.level("TRUE", "error"));
        assertEquals(Level.DEBUG, LoggingConfigurator.level(null, "debug"));
        assertEquals(Level.WARN, LoggingConfigurator.level("false", " warn "));
        assertEquals(Level.INFO, LoggingConfigurator.level(null, null));
        assertEquals(Level.INFO, LoggingConfigurator.level(null, "loud"));
    }

    @Test
    @DisplayName("LOG_LEVEL=trace or debug reaches only the server's own loggers: the libraries' stay at INFO (they "
            + "print settings, headers and bean state below it) and the MCP SDK's at ERROR (it echoes what clients "
            + "send and argument values at WARN)")
    void librariesStayQuiet() {
        Map<String, Level> trace = LoggingConfigurator.levels(Level.TRACE);
        assertEquals(Level.TRACE, trace.get("io.qcmcp"));
        assertEquals(Level.INFO, trace.get(Logger.ROOT_LOGGER_NAME));
        assertEquals(Level.INFO, trace.get("io.micronaut"));
        assertEquals(Level.INFO, trace.get("io.netty"));
        assertEquals(Level.INFO, trace.get("software.amazon.awssdk"));
        assertEquals(Level.ERROR, trace.get("io.modelcontextprotocol"));
        assertEquals(LoggingConfigurator.levels(Level.TRACE), LoggingConfigurator.levels(Level.DEBUG).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> entry.getKey().equals("io.qcmcp")
                        ? Level.TRACE : entry.getValue())));
    }

    @Test
    @DisplayName("A quieter LOG_LEVEL quiets everything, libraries included")
    void quieterEverywhere() {
        Map<String, Level> error = LoggingConfigurator.levels(Level.ERROR);
        error.forEach((logger, level) -> assertEquals(Level.ERROR, level, logger));
        assertEquals(Level.WARN, LoggingConfigurator.levels(Level.WARN).get("io.micronaut"));
        assertEquals(Level.OFF, LoggingConfigurator.levels(Level.OFF).get("io.modelcontextprotocol"));
    }
}
