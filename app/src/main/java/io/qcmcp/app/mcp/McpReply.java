package io.qcmcp.app.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP answer to one request on /mcp, independent of the server that carries it (Netty locally, the API
 * Gateway proxy on Lambda).
 *
 * @param status HTTP status
 * @param body JSON body, or null for none
 * @param headers extra response headers
 */
public record McpReply(int status, String body, Map<String, String> headers) {

    private static final JsonFactory JSON = new JsonFactory();

    static McpReply json(int status, String body) {
        return new McpReply(status, body, Map.of());
    }

    static McpReply accepted() {
        return new McpReply(202, null, Map.of());
    }

    /** A JSON-RPC error about a message whose id is unknown ({@code "id": null}). */
    static McpReply error(int status, int code, String message) {
        return error(status, null, code, message);
    }

    /**
     * A JSON-RPC error: every error this server writes itself goes through here.
     *
     * @param id the request's id (a string or a number), or null when it is unknown
     */
    static McpReply error(int status, Object id, int code, String message) {
        StringWriter text = new StringWriter(96 + message.length());
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("jsonrpc", "2.0");
            json.writeFieldName("id");
            if (id instanceof Number number) {
                json.writeNumber(number.longValue());
            } else if (id != null) {
                json.writeString(id.toString());
            } else {
                json.writeNull();
            }
            json.writeObjectFieldStart("error");
            json.writeNumberField("code", code);
            json.writeStringField("message", message);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(status, text.toString());
    }

    McpReply withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new McpReply(status, body, all);
    }
}
