package io.qcmcp.app.observability;

import java.util.Arrays;

/**
 * The secret values this process holds (the QuantConnect token and user id, the MCP API key), which
 * {@link JsonLineEncoder} writes as {@code ***} wherever a log line would carry them. The loggers that would print
 * them are kept quiet ({@link LoggingConfigurator}); this is the guard behind that, for a library that logs one
 * anyway. Values under {@value #MIN_LENGTH} characters are not taken: masking them would garble ordinary text.
 */
public final class LogSecrets {

    static final int MIN_LENGTH = 4;
    private static volatile String[] secrets = new String[0];

    private LogSecrets() {
    }

    /** Masks {@code value} in every log line from now on; null, blank and short values are ignored. */
    public static void register(String value) {
        if (value == null || value.strip().length() < MIN_LENGTH) {
            return;
        }
        String secret = value.strip();
        synchronized (LogSecrets.class) {
            if (Arrays.asList(secrets).contains(secret)) {
                return;
            }
            String[] more = Arrays.copyOf(secrets, secrets.length + 1);
            more[secrets.length] = secret;
            // Longest first, so that a secret containing another is masked whole.
            Arrays.sort(more, (a, b) -> b.length() - a.length());
            secrets = more;
        }
    }

    /** {@code text} with every registered secret replaced by {@code ***}. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, "***");
            }
        }
        return result;
    }

    /** For tests. */
    static void clear() {
        synchronized (LogSecrets.class) {
            secrets = new String[0];
        }
    }
}
