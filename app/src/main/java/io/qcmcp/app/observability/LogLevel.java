package io.qcmcp.app.observability;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/** The log level (read by {@link LoggingConfigurator}): DEBUG when {@code DEBUG=true} or {@code LOG_LEVEL=debug}, else {@code LOG_LEVEL}, else INFO. */
public final class LogLevel extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        if ("true".equalsIgnoreCase(System.getenv("DEBUG"))) {
            return "DEBUG";
        }
        String level = System.getenv("LOG_LEVEL");
        return level == null || level.isBlank() ? "INFO" : level.strip().toUpperCase(Locale.ROOT);
    }
}
