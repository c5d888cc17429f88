package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.micronaut.core.annotation.Nullable;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.qcmcp.app.about.BuildInfo;
import io.qcmcp.app.observability.RequestObserver;
import io.qcmcp.app.tools.CallContext;
import io.qcmcp.app.tools.ToolAccess;
import io.qcmcp.app.tools.ToolCatalog;
import io.qcmcp.app.tools.ToolResults;
import io.qcmcp.app.tools.server.ReadInfraHealth;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectConfiguration;
import io.qcmcp.client.Ticker;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stateless MCP server behind /mcp: one HTTP request in, one reply out. It checks the request (see
 * {@link HttpGate}, {@link JsonRpcReader}), makes a tools/call exact ({@link LenientToolCalls}), then hands it
 * to the MCP Java SDK's stateless server, for which it is also the transport. The bare method {@code read_infra_health} is answered here, for health checks
 * that speak plain JSON-RPC.
 */
@Singleton
public final class McpEndpoint {

    /** The protocol versions negotiated at initialize; the last is the newest, offered by default. */
    public static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
    /** Kept back from a Lambda's remaining time, to answer before the function is cut. */
    static final Duration LAMBDA_RESERVE = Duration.ofMillis(1500);
    /** Headers can ask for many selections of toolsets: at most this many tools/list results are kept written. */
    static final int MAX_KEPT_TOOL_LISTS = 16;

    private final McpJsonMapper mapper;
    private final McpStatelessServerHandler handler;
    private final ReadInfraHealth health;
    private final ToolAccess access;
    private final HttpGate gate;
    private final JsonRpcReader reader;
    private final RequestObserver observer;
    private final Duration budget;
    /** The time requests' deadlines go by: the system's, unless a test context provides its own. */
    private final Ticker ticker;
    private final LenientToolCalls toolCalls;
    /**
     * The tools/list result by selection, as the SDK answered it the first time, written. The tools are fixed for
     * the life of the process, so a selection's list never changes; writing 44 KB again is most of a tools/list.
     */
    private final Map<ToolAccess.Selection, RawValue> toolLists = new ConcurrentHashMap<>();

    McpEndpoint(ToolCatalog catalog, ReadInfraHealth health, HttpGate gate, McpServerConfiguration configuration,
                QuantConnectConfiguration quantConnect, RequestObserver observer, ObjectMapper json,
                ToolAccess access, @Nullable Ticker ticker) {
        this.ticker = ticker != null ? ticker : Ticker.SYSTEM;
        this.observer = observer;
        this.budget = quantConnect.requestBudget();
        this.health = health;
        this.access = access;
        this.gate = gate;
        this.mapper = new JacksonMcpJsonMapper(json);
        this.reader = new JsonRpcReader(json, configuration.maxNestingDepth(), configuration.maxBodyBytes());
        ArgumentCoercion coercion = new ArgumentCoercion(reader.mapper(), LenientToolCalls.VALUE_ALIASES);
        this.toolCalls = new LenientToolCalls(catalog.specifications().stream()
                .map(McpStatelessServerFeatures.SyncToolSpecification::tool).toList(), coercion);
        Transport transport = new Transport();
        McpServer.sync(transport)
                .serverInfo(BuildInfo.NAME, BuildInfo.VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .instructions(Instructions.TEXT)
                .jsonMapper(mapper)
                .jsonSchemaValidator(new ArgumentValidator(coercion))
                .immediateExecution(true)
                .tools(catalog.specifications())
                .addToolFilter(access::isVisible)
                .build();
        this.handler = transport.handler;
    }

    /** Answers one HTTP request, and records it (one log line; metrics on AWS). */
    public McpReply handle(McpRequest request) {
        long start = System.nanoTime();
        Outcome outcome;
        Optional<McpReply> refused = gate.check(request);
        if (refused.isPresent()) {
            outcome = new Outcome(refused.get(), request.method(), null, refused.get().status() < 400);
        } else {
            JsonRpcReader.Read read = null;
            try {
                read = reader.read(request.body());
                outcome = dispatch(request, read);
            } catch (RuntimeException e) {
                LOG.error("Internal error in request {} ({})", request.requestId(), e.getClass().getName(), e);
                outcome = read instanceof JsonRpcReader.Request jsonRpc
                        ? new Outcome(internalError(jsonRpc.request().id(), request.requestId()),
                                jsonRpc.request().method(), toolName(jsonRpc.request()), false)
                        : new Outcome(internalError(null, request.requestId()), request.method(), null, false);
            }
        }
        // Method names come from the client: the log's encoder cuts them (JsonLineEncoder).
        observer.completed(request.requestId(), request.apiKeyFingerprint(), outcome.method(), outcome.tool(),
                outcome.reply().status(), (System.nanoTime() - start) / 1_000_000, outcome.success());
        return outcome.reply().withHeaders(gate.corsHeaders(request.header("origin")));
    }

    /** A reply and what the request log says of it. */
    private record Outcome(McpReply reply, String method, String tool, boolean success) {
    }

    private Outcome dispatch(McpRequest http, JsonRpcReader.Read read) {
        if (read instanceof JsonRpcReader.Invalid invalid) {
            return new Outcome(invalid.reply(), "invalid", null, false);
        }
        ToolAccess.Selection selection = access.select(http.header(ToolAccess.TOOLSETS_HEADER),
                http.header(ToolAccess.READ_ONLY_HEADER));
        McpTransportContext context = CallContext.of(http.requestId(), deadline(http), selection);
        if (read instanceof JsonRpcReader.Notification notification) {
            handler.handleNotification(context, notification.notification()).block();
            return new Outcome(McpReply.accepted(), notification.notification().method(), null, true);
        }
        if (!(read instanceof JsonRpcReader.Request jsonRpc)) {
            return new Outcome(McpReply.accepted(), "response", null, true);
        }
        McpSchema.JSONRPCRequest request = jsonRpc.request();
        String tool = null;
        if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            tool = toolCalls.tool(request);
            if (tool == null) {
                JSONRPCResponse unknown = toolCalls.unknown(request, name -> access.refusal(selection, name).isEmpty());
                return new Outcome(McpReply.json(200, write(unknown)), toolName(request), null, false);
            }
            Optional<McpSchema.CallToolResult> refused = access.refusal(selection, tool);
            if (refused.isPresent()) {
                return new Outcome(McpReply.json(200, write(JSONRPCResponse.result(request.id(), refused.get()))),
                        request.method(), tool, false);
            }
            if (jsonRpc.outOfRange() != null) {
                McpSchema.CallToolResult invalid = ToolResults.error("Tool (" + tool + ") input validation failed: "
                        + JsonRpcReader.outOfRangeMessage(jsonRpc.outOfRange()));
                return new Outcome(McpReply.json(200, write(JSONRPCResponse.result(request.id(), invalid))),
                        request.method(), tool, false);
            }
            request = toolCalls.exact(request, tool);
        }
        JSONRPCResponse response = ReadInfraHealth.NAME.equals(request.method())
                ? JSONRPCResponse.result(request.id(), health.check(arguments(request.params())))
                : McpSchema.METHOD_TOOLS_LIST.equals(request.method()) ? toolsList(context, request, selection)
                : handler.handleRequest(context, request).block();
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
                return new Outcome(internalError(request.id(), http.requestId()), request.method(), tool, false);
            }
        }
        boolean success = response.error() == null && !(response.result() instanceof McpSchema.CallToolResult result
                && Boolean.TRUE.equals(result.isError()));
        return new Outcome(McpReply.json(status, write(response)), request.method(), tool, success);
    }

    /** The tool name a tools/call asked for, as sent (the request log cuts it short); null for other methods. */
    private static String toolName(McpSchema.JSONRPCRequest request) {
        return McpSchema.METHOD_TOOLS_CALL.equals(request.method()) && request.params() instanceof Map<?, ?> params
                && params.get("name") instanceof String name ? name : null;
    }

    /** tools/list: the SDK's answer for this selection, written once and kept (up to {@link #MAX_KEPT_TOOL_LISTS}). */
    private JSONRPCResponse toolsList(McpTransportContext context, McpSchema.JSONRPCRequest request,
                                      ToolAccess.Selection selection) {
        RawValue kept = toolLists.get(selection);
        if (kept != null) {
            return JSONRPCResponse.result(request.id(), kept);
        }
        JSONRPCResponse response = handler.handleRequest(context, request).block();
        if (response == null || response.error() != null || !(response.result() instanceof McpSchema.ListToolsResult)) {
            return response;
        }
        RawValue written = new RawValue(write(response.result()));
        if (toolLists.size() < MAX_KEPT_TOOL_LISTS) {
            toolLists.putIfAbsent(selection, written);
        }
        return JSONRPCResponse.result(request.id(), written);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(Object params) {
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

    /** Receives the SDK's handler when the server is built; the endpoint then calls it directly. */
    private static final class Transport implements McpStatelessServerTransport {
        private McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {
            this.handler = handler;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public List<String> protocolVersions() {
            return PROTOCOL_VERSIONS;
        }
    }
}
