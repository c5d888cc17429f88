package io.qcmcp.app.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.qcmcp.client.Deadline;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the endpoint hands each request's tools through the MCP SDK's transport context: the request id (for
 * error replies and logs), the deadline (computed once, by the endpoint, from the configured budget and on Lambda
 * the invocation's remaining time). The keys live here only.
 */
public final class CallContext {

    private static final String REQUEST_ID = "requestId";
    private static final String DEADLINE = "deadline";
    private static final String CALLER = "caller";
    private static final String STAGE = "stage";

    private CallContext() {
    }

    public static McpTransportContext of(String requestId, Deadline deadline) {
        return of(requestId, deadline, "anonymous");
    }

    /**
     * @param caller who calls, as far as confirmation tokens go: an API key's or a token subject's fingerprint (and
     *     client), never a key or a token
     */
    public static McpTransportContext of(String requestId, Deadline deadline, String caller) {
        return McpTransportContext.create(Map.of(REQUEST_ID, requestId, DEADLINE, deadline, CALLER, caller,
                STAGE, new AtomicReference<>("executed")));
    }

    /** Who calls (see {@link #of(String, Deadline, String)}). */
    public static String caller(McpTransportContext context) {
        return context.get(CALLER) instanceof String caller ? caller : "anonymous";
    }

    /** What a call that writes came to, for the audit line: executed (the default), preview or refused. */
    public static String stage(McpTransportContext context) {
        return context.get(STAGE) instanceof AtomicReference<?> stage ? String.valueOf(stage.get()) : "executed";
    }

    /** Records that the call came to {@code stage} (preview or refused) rather than being done. */
    @SuppressWarnings("unchecked")
    static void stage(McpTransportContext context, String stage) {
        if (context.get(STAGE) instanceof AtomicReference<?> holder) {
            ((AtomicReference<String>) holder).set(stage);
        }
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
