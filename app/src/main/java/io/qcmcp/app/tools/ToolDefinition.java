package io.qcmcp.app.tools;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.qcmcp.client.Operation;
import io.qcmcp.client.Wait;

import java.util.List;

/**
 * One tool, whole: what tools/list shows of it and its handler (the SDK's specification), the toolset it belongs
 * to, the other names it answers to and the business metric a success counts. A generated tool takes all of it
 * from its spec entry; a {@link ServerTool} from its one class.
 *
 * @param specification the tool as listed (name, title, description, schema, annotations) and its handler
 * @param toolset a toolset named after a tag of the spec, or {@link ServerTool#SERVER}
 * @param aliases other names callers send for it, never listed
 * @param metric the metric a successful call counts, or null
 * @param bareMethod whether it also answers a bare JSON-RPC method of its name (for health checks)
 * @param changesLiveTrading whether it changes live trading ({@link Operation#changesLiveTrading()})
 * @param paper for such a tool, the condition on its arguments under which it stays with paper money
 *     ({@link Operation#paper()}); null when they cannot tell
 */
public record ToolDefinition(SyncToolSpecification specification, String toolset, List<String> aliases,
                             String metric, boolean bareMethod, boolean changesLiveTrading, Wait paper) {

    public ToolDefinition {
        aliases = List.copyOf(aliases);
    }

    public String name() {
        return specification.tool().name();
    }

    public Tool tool() {
        return specification.tool();
    }

    /** The MCP annotations of a generated operation's hints. */
    public static ToolAnnotations annotations(Operation.Hints hints) {
        return new ToolAnnotations(null, hints.readOnly(), hints.destructive(), hints.idempotent(),
                hints.openWorld(), null);
    }

    /** What calling it does: reads, writes, or changes live trading. */
    public Access access() {
        return changesLiveTrading ? Access.LIVE : readOnly() ? Access.READ : Access.WRITE;
    }

    /** Whether the tool only reads: its readOnly annotation. */
    public boolean readOnly() {
        return tool().annotations() != null && Boolean.TRUE.equals(tool().annotations().readOnlyHint());
    }
}
