package io.qcmcp.app.mcp;

import java.util.Map;

/**
 * The shape of the params of the methods this server serves, checked before the SDK sees them so that a
 * malformed request gets -32602 with a precise reason instead of an internal error.
 */
final class McpParams {

    private McpParams() {
    }

    /** What is wrong with these params, or null if nothing. */
    static String problem(String method, Map<String, Object> params) {
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
                return null;
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
}
