package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import io.qcmcp.app.tools.arguments.Texts;

/**
 * The shape of the params of the methods this server serves, checked before the SDK sees them so that a
 * malformed request gets -32602 with a precise reason instead of an internal error.
 */
final class McpParams {

    /** Longest field path quoted back to the client. */
    private static final int SHOWN_PATH_CHARS = 120;

    private McpParams() {
    }

    /**
     * What is wrong with these params, or null if nothing.
     *
     * @param sdk the MCP SDK's mapper: initialize params are read into the SDK's own type with it, as the SDK
     *     then reads them, so every field it reads is checked (and its deserializer is built once)
     */
    static String problem(String method, Map<String, Object> params, ObjectMapper sdk) {
        if (params != null && params.get("_meta") != null && !(params.get("_meta") instanceof Map)) {
            return "_meta must be an object.";
        }
        switch (method) {
            case "initialize" -> {
                if (params == null) {
                    return "initialize needs params with protocolVersion, capabilities and clientInfo.";
                }
                if (!(params.get("protocolVersion") instanceof String)) {
                    return "protocolVersion must be a string such as \"2025-06-18\".";
                }
                if (params.containsKey("capabilities") && !(params.get("capabilities") instanceof Map)) {
                    return "capabilities must be an object.";
                }
                if (params.containsKey("clientInfo") && !(params.get("clientInfo") instanceof Map)) {
                    return "clientInfo must be an object.";
                }
                return sdkReads(params, McpSchema.InitializeRequest.class, sdk);
            }
            case "tools/call" -> {
                if (params == null || !(params.get("name") instanceof String)) {
                    return "tools/call needs params.name, the tool name, as a string.";
                }
                Object arguments = params.get("arguments");
                if (arguments != null && !(arguments instanceof Map)) {
                    return "arguments must be an object of named arguments.";
                }
                return null;
            }
            case "tools/list" -> {
                Object cursor = params == null ? null : params.get("cursor");
                return cursor == null || cursor instanceof String ? null : "cursor must be a string.";
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Null when the SDK can read {@code params} as {@code type}; else which field does not fit, what it must be
     * and what it is (never the value: it goes into the reply, and the client may have put anything there).
     */
    private static String sdkReads(Map<String, Object> params, Class<?> type, ObjectMapper sdk) {
        try {
            sdk.convertValue(params, type);
            return null;
        } catch (IllegalArgumentException e) {
            if (!(e.getCause() instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
                return "the params do not fit the " + McpSchema.METHOD_INITIALIZE + " request.";
            }
            StringBuilder path = new StringBuilder();
            Object value = params;
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
                    value = value instanceof Map<?, ?> map ? map.get(step.getFieldName()) : null;
                } else {
                    path.append('[').append(step.getIndex()).append(']');
                    value = value instanceof List<?> list && step.getIndex() >= 0 && step.getIndex() < list.size()
                            ? list.get(step.getIndex()) : null;
                }
            }
            Class<?> expected = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
            return Texts.abbreviated(path.toString(), SHOWN_PATH_CHARS) + " must be " + kind(expected) + "; got "
                    + Texts.kind(value) + ".";
        }
    }

    /** The JSON kind a Java type is read from. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
