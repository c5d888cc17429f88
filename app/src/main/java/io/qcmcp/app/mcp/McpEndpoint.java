package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.util.RawValue;
import io.micronaut.core.annotation.Nullable;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.qcmcp.app.auth.Caller;
import io.qcmcp.app.observability.RequestObserver;
import io.qcmcp.app.tools.Access;
import io.qcmcp.app.tools.CallContext;
import io.qcmcp.app.tools.ToolDefinition;
import io.qcmcp.app.tools.ToolRegistry;
import io.qcmcp.app.tools.ToolRegistry.Resolution;
import io.qcmcp.app.tools.ToolRegistry.Selection;
import io.qcmcp.app.tools.ToolResults;
import io.qcmcp.app.tools.arguments.ToolArguments;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectConfiguration;
import io.qcmcp.client.Ticker;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stateless MCP server behind /mcp: one HTTP request in, one reply out. It checks the request once
 * ({@link HttpGate}, {@link JsonRpcReader}), asks the {@link ToolRegistry} which tools the request may list and
 * call, makes a tools/call's arguments exact ({@link ToolArguments}), and hands the message to the MCP Java SDK's
 * stateless handler (a bean: {@link McpServerFactory}). It sets the HTTP status and records the request.
 */
@Singleton
public final class McpEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
    /** Kept back from a Lambda's remaining time, to answer before the function is cut. */
    static final Duration LAMBDA_RESERVE = Duration.ofMillis(1500);
    /** Headers can ask for many selections of toolsets: at most this many tools/list results are kept written. */
    static final int MAX_KEPT_TOOL_LISTS = 16;

    private final McpJsonMapper mapper;
    private final McpStatelessServerHandler handler;
    private final ToolRegistry registry;
    private final ToolArguments arguments;
    private final HttpGate gate;
    private final JsonRpcReader reader;
    private final RequestObserver observer;
    private final Duration budget;
    /** The time requests' deadlines go by: the system's, unless a test context provides its own. */
    private final Ticker ticker;
    /**
     * The tools/list result by selection, written. The tools are fixed for the life of the process, so a
     * selection's list never changes; writing 44 KB again is most of a tools/list.
     */
    private final Map<Selection, RawValue> toolLists = new ConcurrentHashMap<>();

    McpEndpoint(McpStatelessServerHandler handler, ToolRegistry registry, ToolArguments arguments, HttpGate gate,
                JsonRpcReader reader, McpJsonMapper mapper, QuantConnectConfiguration quantConnect,
                RequestObserver observer, @Nullable Ticker ticker) {
        this.handler = handler;
        this.registry = registry;
        this.arguments = arguments;
        this.gate = gate;
        this.reader = reader;
        this.mapper = mapper;
        this.budget = quantConnect.requestBudget();
        this.observer = observer;
        this.ticker = ticker != null ? ticker : Ticker.SYSTEM;
    }

    /** Answers one HTTP request, and records it (one log line; metrics on AWS). */
    public McpReply handle(McpRequest request) {
        return handle(request, gate.check(request));
    }

    /**
     * Answers one request whose caller is known without credentials (a line over standard input: {@link
     * StdioServer}), and records it: the gate checks the request, not its caller.
     */
    public McpReply handle(McpRequest request, Caller caller) {
        return handle(request, gate.admit(request, caller));
    }

    private McpReply handle(McpRequest request, HttpGate.Admission admission) {
        long start = System.nanoTime();
        Outcome outcome;
        Caller caller = admission instanceof HttpGate.Admission.Admitted admitted ? admitted.caller() : null;
        if (admission instanceof HttpGate.Admission.Answered answered) {
            outcome = new Outcome(answered.reply(), request.method(), null, null, answered.reply().status() < 400);
        } else {
            JsonRpcReader.Read read = null;
            try {
                read = reader.read(request.body());
                outcome = dispatch(request, caller, read);
            } catch (RuntimeException e) {
                LOG.error("Internal error in request {} ({})", request.requestId(), e.getClass().getName(), e);
                outcome = read instanceof JsonRpcReader.Request jsonRpc
                        ? new Outcome(internalError(jsonRpc.request().id(), request.requestId()),
                                jsonRpc.request().method(), toolName(jsonRpc.request()), null, false)
                        : new Outcome(internalError(null, request.requestId()), request.method(), null, null, false);
            }
        }
        // Method names come from the client: the log's encoder cuts them (JsonLineEncoder).
        observer.completed(request.requestId(), caller == null ? request.apiKeyFingerprint()
                        : caller.keyFingerprint(), caller == null ? null : caller.subjectFingerprint(),
                caller == null ? null : caller.clientId(), outcome.method(), outcome.tool(),
                outcome.success() ? outcome.metric() : null, outcome.reply().status(),
                (System.nanoTime() - start) / 1_000_000, outcome.success());
        return outcome.reply().withHeaders(gate.corsHeaders(request.header("origin")));
    }

    /** A reply and what the request log says of it: the method, the tool and the metric its success counts. */
    private record Outcome(McpReply reply, String method, String tool, String metric, boolean success) {
    }

    private Outcome dispatch(McpRequest http, Caller caller, JsonRpcReader.Read read) {
        if (read instanceof JsonRpcReader.Invalid invalid) {
            return new Outcome(invalid.reply(), "invalid", null, null, false);
        }
        McpTransportContext context = CallContext.of(http.requestId(), deadline(http), caller.id());
        if (read instanceof JsonRpcReader.Notification notification) {
            handler.handleNotification(context, notification.notification()).block();
            return new Outcome(McpReply.accepted(), notification.notification().method(), null, null, true);
        }
        if (!(read instanceof JsonRpcReader.Request jsonRpc)) {
            return new Outcome(McpReply.accepted(), "response", null, null, true);
        }
        JSONRPCRequest request = jsonRpc.request();
        if (McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
            return answered(http, request, null, null, toolsList(request, select(http, caller)));
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            return call(http, caller, jsonRpc, context);
        }
        Optional<ToolDefinition> bare = registry.bareMethod(request.method());
        if (bare.isPresent()) {
            McpSchema.CallToolResult result = bare.get().specification().callHandler().apply(context,
                    new McpSchema.CallToolRequest(bare.get().name(), bareArguments(request.params())));
            return answered(http, request, null, null, JSONRPCResponse.result(request.id(), result));
        }
        return answered(http, request, null, null, handler.handleRequest(context, request).block());
    }

    /** A tools/call: the tool the registry resolves for this request, with its arguments made exact. */
    @SuppressWarnings("unchecked")
    private Outcome call(McpRequest http, Caller caller, JsonRpcReader.Request jsonRpc, McpTransportContext context) {
        JSONRPCRequest request = jsonRpc.request();
        Map<String, Object> params = (Map<String, Object>) request.params();
        Selection selection = select(http, caller);
        Resolution resolution = registry.resolve((String) params.get("name"), selection);
        if (resolution instanceof Resolution.Unknown unknown) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("tool", unknown.shown());
            data.put("suggestions", unknown.suggestions());
            JSONRPCResponse error = JSONRPCResponse.error(request.id(), new JSONRPCResponse.JSONRPCError(
                    ErrorCodes.INVALID_PARAMS, unknown.message(), data));
            return new Outcome(McpReply.json(200, write(error)), toolName(request), null, null, false);
        }
        Map<String, Object> given = params.get("arguments") instanceof Map<?, ?> map ? (Map<String, Object>) map
                : Map.of();
        if (resolution instanceof Resolution.Refused refused) {
            audit(http, caller, refused.tool(), given, "refused", false);
            return refusedCall(request, refused.tool(), refused.result());
        }
        if (resolution instanceof Resolution.BeyondGrant beyond) {
            // Only a token grants less than everything, so OAuth is on: ask for what it has and what it lacks.
            List<String> scopes = new ArrayList<>(gate.scopes().spelled(selection.granted()));
            scopes.add(gate.scopes().spelled(beyond.needed()));
            audit(http, caller, beyond.tool(), given, "refused", false);
            return new Outcome(gate.insufficientScope(request.id(), http.resource(), beyond.tool().name(), scopes),
                    request.method(), beyond.tool().name(), null, false);
        }
        ToolDefinition tool = ((Resolution.Callable) resolution).tool();
        if (jsonRpc.outOfRange() != null) {
            McpSchema.CallToolResult invalid = ToolResults.error("Tool (" + tool.name() + ") input validation "
                    + "failed: " + JsonRpcReader.outOfRangeMessage(jsonRpc.outOfRange()));
            return refusedCall(request, tool, invalid);
        }
        Map<String, Object> exact = new LinkedHashMap<>(params);
        exact.put("name", tool.name());
        Map<String, Object> exactArguments = arguments.exact(tool.tool(), given);
        exact.put("arguments", exactArguments);
        JSONRPCRequest call = new JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), exact);
        Outcome outcome = answered(http, call, tool.name(), tool.metric(), handler.handleRequest(context, call).block());
        audit(http, caller, tool, exactArguments, CallContext.stage(context), outcome.success());
        return outcome;
    }

    /** A tools/call of {@code tool} answered with {@code result} (an isError) before the tool ran. */
    private Outcome refusedCall(JSONRPCRequest request, ToolDefinition tool, McpSchema.CallToolResult result) {
        return new Outcome(McpReply.json(200, write(JSONRPCResponse.result(request.id(), result))), request.method(),
                tool.name(), null, false);
    }

    /** The audit line of a call that writes or touches live trading; none for reads. */
    private void audit(McpRequest http, Caller caller, ToolDefinition tool, Map<String, Object> arguments,
                       String stage, boolean success) {
        if (tool.access() == Access.READ) {
            return;
        }
        observer.audited(http.requestId(), tool.name(), tool.changesLiveTrading(), caller.keyFingerprint(),
                caller.subjectFingerprint(), caller.clientId(), arguments, stage, success ? "success" : "error");
    }

    /** The outcome of a request the SDK (or a tool) answered: 404 for an unknown method, 500 for our own fault. */
    private Outcome answered(McpRequest http, JSONRPCRequest request, String tool, String metric,
                             JSONRPCResponse response) {
        if (response == null) {
            throw new IllegalStateException("The MCP server gave no response to " + request.method());
        }
        int status = 200;
        if (response.error() != null) {
            int code = response.error().code();
            if (code == ErrorCodes.METHOD_NOT_FOUND) {
                status = 404;
            } else if (code == ErrorCodes.INTERNAL_ERROR) {
                LOG.error("Internal error in request {}: {}", http.requestId(), request.method());
                return new Outcome(internalError(request.id(), http.requestId()), request.method(), tool, null,
                        false);
            }
        }
        boolean success = response.error() == null && !(response.result() instanceof McpSchema.CallToolResult result
                && Boolean.TRUE.equals(result.isError()));
        return new Outcome(McpReply.json(status, write(response)), request.method(), tool, metric, success);
    }

    private Selection select(McpRequest http, Caller caller) {
        return registry.select(http.header(ToolRegistry.TOOLSETS_HEADER), http.header(ToolRegistry.READ_ONLY_HEADER),
                caller.granted());
    }

    /** The tool name a tools/call asked for, as sent (the request log cuts it short); null for other methods. */
    private static String toolName(JSONRPCRequest request) {
        return McpSchema.METHOD_TOOLS_CALL.equals(request.method()) && request.params() instanceof Map<?, ?> params
                && params.get("name") instanceof String name ? name : null;
    }

    /** tools/list: the registry's list for this selection, written once and kept (up to {@link #MAX_KEPT_TOOL_LISTS}). */
    private JSONRPCResponse toolsList(JSONRPCRequest request, Selection selection) {
        RawValue kept = toolLists.get(selection);
        if (kept == null) {
            kept = new RawValue(write(new McpSchema.ListToolsResult(registry.list(selection), null, null)));
            if (toolLists.size() < MAX_KEPT_TOOL_LISTS) {
                toolLists.putIfAbsent(selection, kept);
            }
        }
        return JSONRPCResponse.result(request.id(), kept);
    }

    /** How many tools/list results are kept (for tests). */
    int keptToolLists() {
        return toolLists.size();
    }

    /** Our own fault: the request id to quote, never the exception. */
    private static McpReply internalError(Object id, String requestId) {
        return McpReply.error(500, id, ErrorCodes.INTERNAL_ERROR, "Internal error; request id " + requestId + ".");
    }

    /** The configured budget, shortened on Lambda to the invocation's remaining time less a reserve. */
    Deadline deadline(McpRequest request) {
        Duration limit = budget;
        if (request.timeLeft() != null) {
            Duration left = request.timeLeft().minus(LAMBDA_RESERVE);
            if (left.compareTo(limit) < 0) {
                limit = left.isNegative() ? Duration.ZERO : left;
            }
        }
        return Deadline.in(limit, ticker);
    }

    /** The arguments of a bare method: its params' {@code arguments}, or the params themselves. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> bareArguments(Object params) {
        if (params instanceof Map<?, ?> map && map.get("arguments") instanceof Map<?, ?> arguments) {
            return (Map<String, Object>) arguments;
        }
        return params instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("A JSON-RPC response could not be written", e);
        }
    }
}
