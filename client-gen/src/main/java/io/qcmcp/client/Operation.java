package io.qcmcp.client;

import io.qcmcp.client.schema.ObjectSchema;

import java.util.List;
import java.util.Map;

/**
 * One QuantConnect endpoint as one tool: generated per operation (and per entry of {@code x-mcp-tools})
 * from openapi/quantconnect.yaml.
 *
 * @param name tool name, the operationId users know
 * @param path endpoint path below the API base URL
 * @param title short human title
 * @param description what the tool does, written for an assistant
 * @param input the arguments the tool accepts
 * @param hints MCP tool annotations
 * @param multipart whether the body is multipart/form-data instead of JSON
 * @param serverFills request properties the server sets itself ({@code x-mcp-server-fills}), absent from
 *     {@code input}
 * @param toolset the toolset the tool belongs to: the operation's tag in the spec, in kebab case
 *     ({@code ObjectStore} is {@code object-store})
 * @param waitFor when the job this operation reads has settled ({@code x-mcp-wait}); null when it reads nothing
 *     that changes by itself
 * @param range where the server finds the time range this operation reads when the caller gives none
 *     ({@code x-mcp-range}); null when the operation takes no range, or QuantConnect's default is right
 * @param onTimeout what to tell the caller when QuantConnect does not answer in time ({@code x-mcp-on-timeout}),
 *     for an operation whose answer waits on something, such as a person signing in; null for none
 * @param aliases other names callers use for this tool (the other QuantConnect MCP servers' names;
 *     {@code x-mcp-aliases}), accepted in tools/call and never listed
 * @param paging where the answer is found in smaller pieces when it is too large to return, beside the
 *     tool's own paging arguments ({@code x-mcp-paging}); null for none
 * @param metric the business metric a successful call counts ({@code x-mcp-metric}); null for none
 * @param omit JSON pointers of the parts of the answer this tool leaves out (an {@code x-mcp-tools} entry's
 *     {@code omit}), so one endpoint can serve a light and a full read; empty for the whole answer
 * @param paper for a tool that changes live trading, the condition on its arguments under which it stays with
 *     paper money ({@code x-mcp-paper}); null when its arguments cannot tell, and then a paper-only deployment
 *     refuses it
 * @param preview for a tool that changes live trading, what a call will do in plain words, with {@code {/pointer}}
 *     standing for the argument there ({@code x-mcp-preview}); null for none
 */
public record Operation(String name, String path, String title, String description, ObjectSchema input,
                        Hints hints, boolean multipart, List<String> serverFills, String toolset, Wait waitFor,
                        Range range, String onTimeout, List<String> aliases, String paging, String metric,
                        List<String> omit, Wait paper, String preview) {

    /** Generated code writes "" where the spec says nothing; absent lists are empty. */
    public Operation {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        omit = omit == null ? List.of() : List.copyOf(omit);
        paging = paging == null || paging.isBlank() ? null : paging.strip();
        metric = metric == null || metric.isBlank() ? null : metric.strip();
        preview = preview == null || preview.isBlank() ? null : preview.strip();
    }

    /**
     * An operation with nothing but its endpoint, hints and toolset: no input, no wait, no range, no aliases. For
     * calls the server makes on its own (the SnapStart priming call) and for tests of the client.
     */
    public static Operation plain(String name, String path, Hints hints, String toolset) {
        return new Operation(name, path, "", "", ObjectSchema.EMPTY, hints, false, List.of(), toolset, null, null, null,
                List.of(), null, null, List.of(), null, null);
    }

    /** {@link #onTimeout} as a sentence to append to the timeout's message, or "". */
    String timeoutAdvice() {
        return onTimeout == null || onTimeout.isBlank() ? "" : " " + onTimeout.strip();
    }

    /**
     * The time range ({@code start} and {@code end}, Unix seconds) of a read that QuantConnect answers with one
     * point per series when it is omitted: the server reads it from the answer of another operation.
     *
     * @param from the tool whose answer holds the range, called with the arguments of this call that it takes
     * @param start a JSON pointer to the first time in that answer (a QuantConnect date-time)
     * @param end a JSON pointer to the last time, or null for now
     */
    public record Range(String from, String start, String end) {
    }

    /**
     * Whether sending this operation twice has the effect of sending it once, so that a failed attempt may be
     * repeated: reads and idempotent writes (set a name, delete an id). Creates, live trading and commands are
     * not: an attempt that failed on the way back may already have been processed. Stopping or liquidating a
     * live algorithm is idempotent by itself, but a second liquidation could close positions the algorithm
     * opened in between, so nothing that {@link #changesLiveTrading() changes live trading} is repeated.
     */
    public boolean retrySafe() {
        return (hints.readOnly() || hints.idempotent()) && !changesLiveTrading();
    }

    /**
     * Whether this operation changes live trading: any write of the {@code live} toolset (deploy, stop,
     * liquidate, commands, brokerage sign-in). Such a call is sent at most once, even when the connection
     * failed before any answer came back, so that no order is ever placed twice by this server. A write
     * added to the toolset later is covered without being listed.
     */
    public boolean changesLiveTrading() {
        return "live".equals(toolset) && !hints.readOnly();
    }

    /**
     * MCP tool annotations. {@code openWorld} is true for every call that reaches QuantConnect.
     */
    public record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {

        /**
         * The hints an operation declares in {@code x-mcp-hints}, as the generator renders them: "true",
         * "false", or "" where the spec says nothing. What is missing is inferred from the tool's name
         * ({@link #inferred}); the build warns about it (client-gen/pom.xml).
         */
        public static Hints declared(String tool, String readOnly, String destructive, String idempotent) {
            Hints inferred = inferred(tool);
            return new Hints(flag(tool, "readOnly", readOnly, inferred.readOnly()),
                    flag(tool, "destructive", destructive, inferred.destructive()),
                    flag(tool, "idempotent", idempotent, inferred.idempotent()), true);
        }

        /**
         * Hints from the verb a tool's name starts with, as QuantConnect names its endpoints: {@code read_} and
         * {@code list_} only read; {@code delete_}, {@code stop_}, {@code liquidate_} and {@code abort_} destroy,
         * and repeating them changes nothing more; {@code create_} adds; any other verb may change or destroy
         * something (MCP's own default), so clients confirm it and it is never retried.
         */
        public static Hints inferred(String tool) {
            String verb = tool.contains("_") ? tool.substring(0, tool.indexOf('_') + 1) : tool;
            return switch (verb) {
                case "read_", "list_" -> new Hints(true, false, true, true);
                case "delete_", "stop_", "liquidate_", "abort_" -> new Hints(false, true, true, true);
                case "create_" -> new Hints(false, false, false, true);
                default -> new Hints(false, true, false, true);
            };
        }

        private static boolean flag(String tool, String hint, String declared, boolean inferred) {
            return switch (declared) {
                case "" -> inferred;
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("x-mcp-hints." + hint + " of " + tool + " is '"
                        + declared + "'; it must be true or false");
            };
        }
    }
}
