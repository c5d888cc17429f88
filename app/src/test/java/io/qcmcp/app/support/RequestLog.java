package io.qcmcp.app.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request log lines ("MCP request processed") written while something runs, as their key-value pairs. */
public final class RequestLog extends AppenderBase<ILoggingEvent> {

    private final List<Map<String, Object>> lines = new ArrayList<>();

    private RequestLog() {
    }

    /** The key-value pairs of each request log line written while {@code action} ran, in order. */
    public static List<Map<String, Object>> linesDuring(Runnable action) {
        return linesDuring("io.qcmcp.requests", action);
    }

    /** The key-value pairs of each line of the logger {@code name} written while {@code action} ran, in order. */
    public static List<Map<String, Object>> linesDuring(String name, Runnable action) {
        Logger requests = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
        RequestLog capture = new RequestLog();
        capture.start();
        requests.addAppender(capture);
        try {
            action.run();
        } finally {
            requests.detachAppender(capture);
        }
        synchronized (capture) {
            return List.copyOf(capture.lines);
        }
    }

    /** The {@code method} of each request log line written while {@code action} ran. */
    public static List<String> methodsLoggedDuring(Runnable action) {
        return linesDuring(action).stream().map(line -> String.valueOf(line.get("method"))).toList();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                pairs.put(pair.key, pair.value);
            }
        }
        lines.add(pairs);
    }
}
