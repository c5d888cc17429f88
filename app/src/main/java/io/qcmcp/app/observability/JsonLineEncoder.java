package io.qcmcp.app.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One JSON object per log line: timestamp, level, logger, message, the event's key-value pairs as top-level
 * fields, and for a failure the exception's class only (messages may quote input). Nothing else is added, so
 * what reaches the logs is exactly what the code chose to log.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

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
            line.writeStringField("message", event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    line.writeFieldName(pair.key);
                    if (pair.value instanceof Number number) {
                        line.writeNumber(number.toString());
                    } else if (pair.value instanceof Boolean bool) {
                        line.writeBoolean(bool);
                    } else {
                        line.writeString(String.valueOf(pair.value));
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

    @Override
    public byte[] footerBytes() {
        return EMPTY;
    }
}
