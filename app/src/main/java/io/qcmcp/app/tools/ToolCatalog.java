package io.qcmcp.app.tools;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.qcmcp.app.tools.server.ServerTool;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import io.qcmcp.client.QuantConnectClient;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every tool of the server. Each generated {@link Operation} (one per operation of openapi/quantconnect.yaml,
 * found through the {@link OperationGroup} beans by compile-time dependency injection) becomes one tool whose name,
 * title, description, input schema and annotations come from the spec. The few {@link ServerTool}s are
 * added beside them.
 */
@Singleton
public final class ToolCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);

    private final List<Operation> operations;
    private final List<SyncToolSpecification> specifications;

    ToolCatalog(List<OperationGroup> groups, List<ServerTool> serverTools, QuantConnectClient client,
                ToolResults results, Waiting waiting) {
        this.operations = OperationGroup.all(groups);
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
        this.specifications = Stream.concat(
                        operations.stream().map(operation -> specification(operation, client, results, waiting,
                                ranges)),
                        serverTools.stream().map(ServerTool::specification).map(ToolCatalog::guarded))
                .sorted(Comparator.comparing(specification -> specification.tool().name()))
                .toList();
    }

    public List<SyncToolSpecification> specifications() {
        return specifications;
    }

    /** The generated operations behind the tools, sorted by name. */
    public List<Operation> operations() {
        return operations;
    }

    /**
     * The tool of a generated operation. One whose operation has an {@code x-mcp-wait} also takes
     * {@code waitSeconds} and asks again until the answer has settled ({@link Waiting}); one with an
     * {@code x-mcp-range} gets its time range filled when the caller gives none ({@link TimeRanges}).
     */
    private static SyncToolSpecification specification(Operation operation, QuantConnectClient client,
                                                       ToolResults results, Waiting waiting, TimeRanges ranges) {
        Map<String, Object> input = operation.input().toInputSchema();
        McpSchema.Tool tool = McpSchema.Tool.builder(operation.name(),
                        operation.waitFor() == null ? input : Waiting.withArgument(input))
                .title(operation.title())
                .description(operation.description())
                .annotations(annotations(operation.hints()))
                .build();
        return guarded(new SyncToolSpecification(tool, (context, request) -> {
            Deadline deadline = CallContext.deadline(context);
            TimeRanges.Filled filled = ranges.fill(operation, request.arguments() == null ? Map.of()
                    : request.arguments(), deadline);
            if (filled.refusal() != null) {
                return results.from(operation.name(), filled.refusal());
            }
            Map<String, Object> arguments = filled.arguments();
            return results.from(operation.name(), operation.waitFor() == null
                    ? client.call(operation, arguments, deadline)
                    : waiting.read(operation.name(), operation.waitFor(), arguments, deadline,
                    (asked, reads) -> client.call(operation, asked, reads), UnaryOperator.identity()));
        }));
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

    public static ToolAnnotations annotations(Operation.Hints hints) {
        return new ToolAnnotations(null, hints.readOnly(), hints.destructive(), hints.idempotent(),
                hints.openWorld(), null);
    }
}
