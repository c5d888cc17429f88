package io.qcmcp.app.tools;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.tools.server.ServerTool;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which tools a request may list and call. The deployment enables toolsets ({@code MCP_TOOLSETS}, named after
 * the spec's tags; every one by default) and may be read-only ({@code MCP_READ_ONLY}: only tools annotated
 * read-only). A request narrows that further with the headers {@code X-MCP-Toolsets} and
 * {@code X-MCP-Read-Only}, never widens it, so one deployment serves a client that wants a few tools and one
 * that wants them all. The server's own tools (version, health) are always there.
 *
 * <p>tools/list shows only the selected tools (an SDK tool filter); a call to any other tool is answered with
 * an {@code isError} result that says why, before its arguments are looked at, and never reaches QuantConnect.
 */
@Singleton
public final class ToolAccess {

    public static final String ALL = "all";
    public static final String TOOLSETS_HEADER = "x-mcp-toolsets";
    public static final String READ_ONLY_HEADER = "x-mcp-read-only";
    /** Where the endpoint puts the request's {@link Selection} in the transport context. */
    public static final String CONTEXT_KEY = "toolAccess";

    private final Map<String, String> toolsetOf = new HashMap<>();
    private final Map<String, Boolean> readOnly = new HashMap<>();
    private final Set<String> known = new TreeSet<>();
    private final Selection configured;

    ToolAccess(ToolAccessConfiguration configuration, ToolCatalog catalog, List<ServerTool> serverTools) {
        catalog.operations().forEach(operation -> toolsetOf.put(operation.name(), operation.toolset()));
        serverTools.forEach(tool -> toolsetOf.put(tool.specification().tool().name(), tool.toolset()));
        catalog.specifications().forEach(specification -> {
            Tool tool = specification.tool();
            if (!toolsetOf.containsKey(tool.name())) {
                throw new IllegalStateException("Tool " + tool.name() + " belongs to no toolset");
            }
            readOnly.put(tool.name(), tool.annotations() != null
                    && Boolean.TRUE.equals(tool.annotations().readOnlyHint()));
        });
        toolsetOf.values().stream().filter(toolset -> !ServerTool.SERVER.equals(toolset)).forEach(known::add);
        Set<String> enabled = names(String.join(",", configuration.toolsets()));
        Set<String> unknown = new TreeSet<>(enabled);
        unknown.removeAll(known);
        unknown.remove(ALL);
        unknown.remove(ServerTool.SERVER);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("MCP_TOOLSETS names unknown toolsets " + unknown + "; known: "
                    + String.join(", ", known) + " (or all)");
        }
        configured = new Selection(enabled.isEmpty() || enabled.contains(ALL) ? known : enabled,
                configuration.readOnly());
    }

    /** The toolsets the spec's tags define, sorted. */
    public Set<String> toolsets() {
        return known;
    }

    /** The deployment's selection narrowed by a request's headers (either may be null). */
    public Selection select(String toolsetsHeader, String readOnlyHeader) {
        Set<String> toolsets = configured.toolsets();
        Set<String> asked = names(toolsetsHeader);
        if (!asked.isEmpty() && !asked.contains(ALL)) {
            toolsets = new TreeSet<>(toolsets);
            toolsets.retainAll(asked);
        }
        boolean readOnlyAsked = readOnlyHeader != null && "true".equalsIgnoreCase(readOnlyHeader.strip());
        return new Selection(toolsets, configured.readOnly() || readOnlyAsked);
    }

    /** Whether the request of {@code context} may see {@code tool} in tools/list. */
    public boolean isVisible(McpTransportContext context, Tool tool) {
        return closed(selection(context), tool.name()) == null;
    }

    /**
     * Why the selection may not call {@code tool}, as the tool result to answer; empty when it may, and for
     * names that are no tool (the SDK answers those).
     */
    public Optional<CallToolResult> refusal(Selection selection, String tool) {
        String toolset = closed(selection, tool);
        if (toolset == null) {
            return Optional.empty();
        }
        if (!selection.toolsets().contains(toolset)) {
            return Optional.of(ToolResults.error(tool + " is not available here: its toolset '" + toolset
                    + "' is not enabled (enabled: " + (selection.toolsets().isEmpty() ? "none"
                    : String.join(", ", selection.toolsets())) + "). The server's MCP_TOOLSETS and the request's "
                    + "X-MCP-Toolsets header choose the toolsets."));
        }
        return Optional.of(ToolResults.error(tool + " is not available here: this server is read-only for this "
                + "request (MCP_READ_ONLY or the X-MCP-Read-Only header), and " + tool + " changes things on "
                + "QuantConnect."));
    }

    /** The toolset of {@code tool} when the selection leaves it out; null when the tool may be used or is none. */
    private String closed(Selection selection, String tool) {
        String toolset = toolsetOf.get(tool);
        if (toolset == null || ServerTool.SERVER.equals(toolset)) {
            return null;
        }
        boolean open = selection.toolsets().contains(toolset) && (!selection.readOnly() || readOnly.get(tool));
        return open ? null : toolset;
    }

    private Selection selection(McpTransportContext context) {
        return context.get(CONTEXT_KEY) instanceof Selection selection ? selection : configured;
    }

    private static Set<String> names(String list) {
        if (list == null) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * What one request may use.
     *
     * @param toolsets the enabled toolsets
     * @param readOnly whether only read-only tools may be used
     */
    public record Selection(Set<String> toolsets, boolean readOnly) {
    }
}
