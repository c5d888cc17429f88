package io.qcmcp.app.mcp;

/**
 * The HTTP answer to one POST on /mcp, independent of the server that carries it (Netty locally, the API
 * Gateway proxy on Lambda).
 *
 * @param status HTTP status
 * @param body JSON body, or null for none
 */
public record McpReply(int status, String body) {

    static McpReply json(int status, String body) {
        return new McpReply(status, body);
    }

    static McpReply accepted() {
        return new McpReply(202, null);
    }
}
