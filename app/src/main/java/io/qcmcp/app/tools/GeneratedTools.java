package io.qcmcp.app.tools;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.Operation;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectResponse;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The tools generated from the spec: each {@link Operation} (one per operation of openapi/quantconnect.yaml, or per
 * entry of its x-mcp-tools) becomes one {@link ToolDefinition} whose name, title, description, input schema,
 * annotations, toolset, aliases, metric, wait, range and omitted parts all come from its spec entry.
 */
final class GeneratedTools {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratedTools.class);

    private GeneratedTools() {
    }

    /** The definitions of {@code operations}, after checking that the server can fill what they ask it to. */
    static List<ToolDefinition> definitions(List<Operation> operations, QuantConnectClient client,
                                            ToolResults results, Waiting waiting, LiveTrading liveTrading,
                                            LiveConfirmation confirmation) {
        for (Operation operation : operations) {
            for (String property : operation.serverFills()) {
                if (!client.fills(property)) {
                    throw new IllegalStateException(operation.name() + " asks the server to fill '" + property
                            + "', which it does not know (x-mcp-server-fills in openapi/quantconnect.yaml)");
                }
            }
        }
        TimeRanges ranges = new TimeRanges(client, operations.stream()
                .collect(Collectors.toMap(Operation::name, operation -> operation)));
        return operations.stream().map(operation -> new ToolDefinition(
                        specification(operation, client, results, waiting, ranges, liveTrading, confirmation),
                        operation.toolset(),
                        operation.aliases(), operation.metric(), false, operation.changesLiveTrading(),
                        operation.paper()))
                .toList();
    }

    /**
     * The tool of a generated operation. One whose operation has an {@code x-mcp-wait} also takes
     * {@code waitSeconds} and asks again until the answer has settled ({@link Waiting}); one with an
     * {@code x-mcp-range} gets its time range filled when the caller gives none ({@link TimeRanges}).
     */
    private static SyncToolSpecification specification(Operation operation, QuantConnectClient client,
                                                       ToolResults results, Waiting waiting, TimeRanges ranges,
                                                       LiveTrading liveTrading, LiveConfirmation confirmation) {
        Map<String, Object> input = operation.input().toInputSchema();
        LiveConfirmation confirms = operation.changesLiveTrading() ? confirmation : null;
        if (confirms != null) {
            input = withProperty(input, LiveConfirmation.ARGUMENT, LiveConfirmation.argumentSchema());
        }
        McpSchema.Tool tool = McpSchema.Tool.builder(operation.name(),
                        operation.waitFor() == null ? input : Waiting.withArgument(input))
                .title(operation.title())
                .description(operation.description())
                .annotations(ToolDefinition.annotations(operation.hints()))
                .build();
        return guarded(new SyncToolSpecification(tool, (context, request) -> {
            Deadline deadline = CallContext.deadline(context);
            Map<String, Object> given = new LinkedHashMap<>(request.arguments() == null ? Map.of()
                    : request.arguments());
            Object token = given.remove(LiveConfirmation.ARGUMENT);
            if (liveTrading == LiveTrading.PAPER && operation.changesLiveTrading() && (operation.paper() == null
                    || !operation.paper().settled(given))) {
                CallContext.stage(context, "refused");
                return ToolResults.error(operation.name() + " is refused: this server allows paper trading only "
                        + "(MCP_LIVE_TRADING=paper), with QuantConnect's paper brokerage (brokerage id "
                        + "QuantConnectBrokerage), and these arguments do not stay with paper money.");
            }
            if (confirms != null) {
                LiveConfirmation.Step step = confirms.check(operation, given, token == null ? null
                        : String.valueOf(token), CallContext.caller(context), deadline);
                if (step != null) {
                    CallContext.stage(context, step.stage());
                    return step.answer();
                }
            }
            TimeRanges.Filled filled = ranges.fill(operation, given, deadline);
            if (filled.refusal() != null) {
                return results.from(operation.name(), filled.refusal());
            }
            Map<String, Object> arguments = filled.arguments();
            UnaryOperator<Map<String, Object>> view = body -> omitted(body, operation.omit());
            return results.from(operation.name(), operation.waitFor() == null
                    ? shown(client.call(operation, arguments, deadline), view)
                    : waiting.read(operation.name(), operation.waitFor(), arguments, deadline,
                    (asked, reads) -> client.call(operation, asked, reads), view));
        }));
    }

    /** {@code schema} with one more optional property, last. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withProperty(Map<String, Object> schema, String name,
                                                    Map<String, Object> property) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) copy.getOrDefault("properties",
                Map.of()));
        properties.put(name, property);
        copy.put("properties", properties);
        return copy;
    }

    private static QuantConnectResponse shown(QuantConnectResponse response, UnaryOperator<Map<String, Object>> view) {
        return response instanceof QuantConnectResponse.Success success
                ? new QuantConnectResponse.Success(view.apply(success.body())) : response;
    }

    /**
     * The answer without the parts at {@code pointers} (JSON pointers to object members; the {@code omit} of an
     * x-mcp-tools entry): the objects on the way are copied, the rest is shared. A pointer that leads nowhere
     * leaves the answer as it is.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> omitted(Map<String, Object> body, List<String> pointers) {
        Map<String, Object> copy = body;
        for (String pointer : pointers) {
            copy = without(copy, pointer.substring(1).split("/"), 0);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> without(Map<String, Object> object, String[] keys, int at) {
        String key = keys[at].replace("~1", "/").replace("~0", "~");
        if (!object.containsKey(key)) {
            return object;
        }
        Map<String, Object> copy = new LinkedHashMap<>(object);
        if (at == keys.length - 1) {
            copy.remove(key);
        } else if (object.get(key) instanceof Map<?, ?> inner) {
            copy.put(key, without((Map<String, Object>) inner, keys, at + 1));
        }
        return copy;
    }

    /** A tool whose unexpected failure becomes an isError result with the request id, never a stack trace. */
    static SyncToolSpecification guarded(SyncToolSpecification specification) {
        String name = specification.tool().name();
        return new SyncToolSpecification(specification.tool(), (context, request) -> {
            try {
                return specification.callHandler().apply(context, request);
            } catch (RuntimeException e) {
                Object requestId = CallContext.requestId(context);
                LOG.error("Tool {} failed in request {} ({})", name, requestId, e.getClass().getName(), e);
                return ToolResults.error("Internal error in " + name + "; request id " + requestId + ".");
            }
        });
    }
}
