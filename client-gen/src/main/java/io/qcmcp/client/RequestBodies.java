package io.qcmcp.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is sent for an operation: the caller's arguments, completed with what the spec says the caller may
 * leave out ({@code x-mcp-default}) and what the server owns ({@code x-mcp-server-fills}, such as
 * {@code codeSourceId}), as JSON or as a multipart form. Built once per call, it is sent unchanged by every
 * attempt.
 */
final class RequestBodies {

    private final ObjectMapper json;
    private final Map<String, Object> serverValues;

    RequestBodies(ObjectMapper json, QuantConnectConfiguration configuration) {
        this.json = json;
        this.serverValues = Map.of("codeSourceId", configuration.codeSourceId());
    }

    /** An encoded body and its content type. */
    record Body(byte[] content, String contentType) {
    }

    /** Whether the server knows the value of a property that operations declare in {@code x-mcp-server-fills}. */
    boolean fills(String property) {
        return serverValues.containsKey(property);
    }

    /**
     * The body of {@code operation} for {@code arguments} (null for none).
     *
     * @throws JsonProcessingException when the arguments cannot be written as JSON
     */
    Body of(Operation operation, Map<String, Object> arguments) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
        operation.input().properties().forEach((name, property) -> {
            if (property.defaultJson() != null && body.get(name) == null) {
                body.put(name, defaultValue(operation, name, property.defaultJson()));
            }
        });
        for (String property : operation.serverFills()) {
            body.put(property, serverValues.get(property));
        }
        if (operation.multipart()) {
            return MultipartBody.of(operation.input(), body);
        }
        return new Body(json.writeValueAsBytes(body), MediaType.APPLICATION_JSON);
    }

    private Object defaultValue(Operation operation, String property, String defaultJson) {
        try {
            return json.readValue(defaultJson, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("x-mcp-default of " + operation.name() + "." + property
                    + " in openapi/quantconnect.yaml is not JSON", e);
        }
    }
}
