package io.qcmcp.app.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;
import org.slf4j.helpers.MessageFormatter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One JSON object per log line: timestamp, level, logger, message, the event's key-value pairs as top-level
 * fields, and for a failure the exception's class only (messages may quote input). Nothing else is added, so
 * what reaches the logs is exactly what the code chose to log, and bounded whatever a client sent: each argument
 * of a message and each text key-value is cut to {@value #MAX_VALUE} characters (then "...(N characters)"), a
 * whole message to {@value #MAX_MESSAGE}, and the secrets in {@link LogSecrets} are written as {@code ***}.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    /** Longest argument or key-value written whole: client-sent strings (method names, versions) end up there. */
    static final int MAX_VALUE = 64;
    /** Longest message written whole, for a library that writes client-sent text into the message itself. */
    static final int MAX_MESSAGE = 1000;

    private static final byte[] EMPTY = new byte[0];
    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return EMPTY;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator line = json.createGenerator(out)) {
            line.writeStartObject();
            line.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            line.writeStringField("level", event.getLevel().toString());
            line.writeStringField("logger", event.getLoggerName());
            line.writeStringField("message", message(event));
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    line.writeFieldName(pair.key);
                    if (pair.value instanceof Number number) {
                        line.writeNumber(number.toString());
                    } else if (pair.value instanceof Boolean bool) {
                        line.writeBoolean(bool);
                    } else {
                        line.writeString(cut(LogSecrets.redact(String.valueOf(pair.value)), MAX_VALUE));
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.writeStringField("exception", thrown.getClassName());
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The message with each argument cut, then redacted and cut as a whole. */
    private static String message(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        String message;
        if (arguments == null || arguments.length == 0) {
            message = event.getMessage();
        } else {
            Object[] cut = new Object[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                cut[i] = arguments[i] instanceof Number || arguments[i] instanceof Boolean ? arguments[i]
                        : cut(LogSecrets.redact(String.valueOf(arguments[i])), MAX_VALUE);
            }
            message = MessageFormatter.basicArrayFormat(event.getMessage(), cut);
        }
        return cut(LogSecrets.redact(message), MAX_MESSAGE);
    }

    /** At most {@code max} characters of {@code text}, then "..." and its length when it was longer. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...(" + text.length() + " characters)";
    }

    @Override
    public byte[] footerBytes() {
        return EMPTY;
    }
}
