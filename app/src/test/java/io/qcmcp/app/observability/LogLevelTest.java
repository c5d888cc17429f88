package io.qcmcp.app.observability;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
