package io.qcmcp.app.mcp;

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

    static McpReply json(int status, String body) {
        return new McpReply(status, body, Map.of());
    }

    static McpReply accepted() {
        return new McpReply(202, null, Map.of());
    }

    /** A JSON-RPC error about a message whose id is unknown ({@code "id": null}). */
    static McpReply error(int status, int code, String message) {
        return json(status, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":"
                + quoted(message) + "}}");
    }

    McpReply withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new McpReply(status, body, all);
    }

    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
