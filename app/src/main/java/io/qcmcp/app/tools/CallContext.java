package io.qcmcp.app.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.qcmcp.client.Deadline;

import java.util.Map;

/**
 * What the endpoint hands each request's tools through the MCP SDK's transport context: the request id (for
 * error replies and logs), the deadline (computed once, by the endpoint, from the configured budget and on Lambda
 * the invocation's remaining time). The keys live here only.
 */
public final class CallContext {

    private static final String REQUEST_ID = "requestId";
    private static final String DEADLINE = "deadline";

    private CallContext() {
    }

    public static McpTransportContext of(String requestId, Deadline deadline) {
        return McpTransportContext.create(Map.of(REQUEST_ID, requestId, DEADLINE, deadline));
    }

    /** The request's deadline. A tool reached without one was called around the endpoint: a bug, not a default. */
    public static Deadline deadline(McpTransportContext context) {
        if (context.get(DEADLINE) instanceof Deadline deadline) {
            return deadline;
        }
        throw new IllegalStateException("A tool was called without the endpoint's deadline");
    }

    static Object requestId(McpTransportContext context) {
        return context.get(REQUEST_ID);
    }
}
