package io.qcmcp.app.tools;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.config.McpConfiguration;
import io.qcmcp.app.tools.arguments.ArgumentCoercion.Alias;
import io.qcmcp.app.tools.arguments.Texts;
import io.qcmcp.app.tools.arguments.ToolSuggestions;
import io.qcmcp.client.CredentialsProvider;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.schema.Property;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every tool of the server, and the one place that decides which of them a request may use. The tools are the
 * generated operations ({@link GeneratedTools}) and the {@link ServerTool}s, each one {@link ToolDefinition}.
 *
 * <p>Access is a {@link Selection}: the deployment's toolsets ({@code MCP_TOOLSETS}, named after the spec's tags;
 * every one by default) and read-only ({@code MCP_READ_ONLY}: only tools annotated read-only), narrowed by a
 * request's {@code X-MCP-Toolsets} and {@code X-MCP-Read-Only} headers, never widened. The server's own tools
 * (version, health) are always there. {@link #list} and {@link #resolve} are the only checks: tools/list shows
 * what {@code list} gives, and a tools/call reaches a tool only through {@code resolve}, which refuses any other
 * with an {@code isError} result that says why, before its arguments are looked at.
 */
@Singleton
public final class ToolRegistry {

    public static final String ALL = "all";
    public static final String TOOLSETS_HEADER = "x-mcp-toolsets";
    public static final String READ_ONLY_HEADER = "x-mcp-read-only";
    private static final int SHOWN_NAME_CHARS = 64;

    private final List<ToolDefinition> definitions;
    private final Map<String, ToolDefinition> byName = new TreeMap<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final Map<String, List<Alias>> valueAliases;
    private final Set<String> toolsets = new TreeSet<>();
    private final Selection configured;
    private final LiveTrading liveTrading;

    ToolRegistry(McpConfiguration configuration, List<OperationGroup> groups, List<ServerTool> serverTools,
                 QuantConnectClient client, ToolResults results, Waiting waiting, CredentialsProvider credentials) {
        List<Operation> operations = OperationGroup.all(groups);
        this.liveTrading = LiveTrading.of(configuration.liveTrading());
        String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        LiveConfirmation confirmation = liveTrading == LiveTrading.OFF || !configuration.confirmLive() ? null
                : new LiveConfirmation(credentials, client, function == null ? "local" : function,
                System::currentTimeMillis);
        this.definitions = Stream.concat(
                        GeneratedTools.definitions(operations, client, results, waiting, liveTrading, confirmation)
                                .stream(),
                        serverTools.stream().map(tool -> new ToolDefinition(
                                GeneratedTools.guarded(tool.specification()), tool.toolset(), tool.aliases(),
                                tool.metric(), tool.bareMethod(), false, null)))
                .sorted(Comparator.comparing(ToolDefinition::name))
                .toList();
        definitions.forEach(definition -> {
            if (byName.put(definition.name(), definition) != null) {
                throw new IllegalStateException("Two tools are named " + definition.name());
            }
            if (!ServerTool.SERVER.equals(definition.toolset())) {
                toolsets.add(definition.toolset());
            }
        });
        definitions.forEach(definition -> definition.aliases().forEach(alias -> {
            if (byName.containsKey(alias) || aliases.put(alias, definition.name()) != null) {
                throw new IllegalStateException("Tool alias " + alias + " of " + definition.name()
                        + " names a tool or another tool's alias");
            }
        }));
        this.valueAliases = valueAliases(operations);
        Set<String> enabled = names(String.join(",", configuration.toolsets()));
        Set<String> unknown = new TreeSet<>(enabled);
        unknown.removeAll(toolsets);
        unknown.remove(ALL);
        unknown.remove(ServerTool.SERVER);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("MCP_TOOLSETS names unknown toolsets " + unknown + "; known: "
                    + String.join(", ", toolsets) + " (or all)");
        }
        configured = new Selection(enabled.isEmpty() || enabled.contains(ALL) ? toolsets : enabled,
                configuration.readOnly(), EnumSet.allOf(Access.class));
    }

    /** Every tool, sorted by name. */
    public List<ToolDefinition> definitions() {
        return definitions;
    }

    /** The SDK's specifications of every tool, sorted by name. */
    public List<SyncToolSpecification> specifications() {
        return definitions.stream().map(ToolDefinition::specification).toList();
    }

    /** The toolsets the spec's tags define, sorted. */
    public Set<String> toolsets() {
        return toolsets;
    }

    /**
     * Other spellings of enum values, by property name, from the spec's {@code x-mcp-aliases} on the operations'
     * top-level properties.
     */
    public Map<String, List<Alias>> valueAliases() {
        return valueAliases;
    }

    /** The deployment's selection narrowed by a request's headers (either may be null), for a caller granted all. */
    public Selection select(String toolsetsHeader, String readOnlyHeader) {
        return select(toolsetsHeader, readOnlyHeader, EnumSet.allOf(Access.class));
    }

    /**
     * The deployment's selection narrowed by a request's headers (either may be null) and by what its caller is
     * granted (an OAuth token's scopes; everything for an API key).
     */
    public Selection select(String toolsetsHeader, String readOnlyHeader, Set<Access> granted) {
        Set<String> selected = configured.toolsets();
        Set<String> asked = names(toolsetsHeader);
        if (!asked.isEmpty() && !asked.contains(ALL)) {
            selected = new TreeSet<>(selected);
            selected.retainAll(asked);
        }
        boolean readOnlyAsked = readOnlyHeader != null && "true".equalsIgnoreCase(readOnlyHeader.strip());
        return new Selection(selected, configured.readOnly() || readOnlyAsked, Set.copyOf(granted));
    }

    /** The tools {@code selection} may see and call, sorted by name. */
    public List<Tool> list(Selection selection) {
        return definitions.stream().filter(definition -> offered(selection, definition)
                && granted(selection, definition)).map(ToolDefinition::tool).toList();
    }

    /**
     * The tool a tools/call names for {@code selection}: the name as sent, in any case and with {@code -} for
     * {@code _}, or an alias of it.
     */
    public Resolution resolve(String asked, Selection selection) {
        String name = asked == null ? "" : asked.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        ToolDefinition definition = byName.get(aliases.getOrDefault(name, name));
        if (definition == null) {
            List<String> visible = list(selection).stream().map(Tool::name).toList();
            return new Resolution.Unknown(Texts.abbreviated(asked, SHOWN_NAME_CHARS),
                    ToolSuggestions.closest(asked == null ? "" : asked, visible), visible.size());
        }
        String toolset = closed(selection, definition);
        String tool = definition.name();
        if (toolset == null && !liveOffered(definition)) {
            return new Resolution.Refused(definition, ToolResults.error(tool + " is not available here: "
                    + (liveTrading == LiveTrading.OFF ? "live trading is off on this server (MCP_LIVE_TRADING=off; "
                    + "a deployment that wants it sets paper or on)" : "this server allows paper trading only "
                    + "(MCP_LIVE_TRADING=paper), and whether " + tool + " stays with paper money cannot be told "
                    + "from its arguments") + "."));
        }
        if (toolset == null) {
            return granted(selection, definition) ? new Resolution.Callable(definition)
                    : new Resolution.BeyondGrant(definition, definition.access());
        }
        if (!selection.toolsets().contains(toolset)) {
            return new Resolution.Refused(definition, ToolResults.error(tool + " is not available here: its "
                    + "toolset '" + toolset + "' is not enabled (enabled: " + (selection.toolsets().isEmpty() ? "none"
                    : String.join(", ", selection.toolsets())) + "). The server's MCP_TOOLSETS and the request's "
                    + "X-MCP-Toolsets header choose the toolsets."));
        }
        return new Resolution.Refused(definition, ToolResults.error(tool + " is not available here: this server "
                + "is read-only for this request (MCP_READ_ONLY or the X-MCP-Read-Only header), and " + tool
                + " changes things on QuantConnect."));
    }

    /** The tool that answers the bare JSON-RPC method {@code method}, if one does. */
    public Optional<ToolDefinition> bareMethod(String method) {
        ToolDefinition definition = method == null ? null : byName.get(method);
        return definition != null && definition.bareMethod() ? Optional.of(definition) : Optional.empty();
    }

    /**
     * Whether the caller's grant covers {@code definition}. The server's own tools (version, health) need no grant
     * but a caller's: a token with no scope of ours gets no tool at all.
     */
    private static boolean granted(Selection selection, ToolDefinition definition) {
        return selection.granted().contains(definition.access())
                && (!ServerTool.SERVER.equals(definition.toolset()) || !selection.granted().isEmpty());
    }

    /**
     * The kinds of access the selection's tools need, grants aside: the scopes worth asking for. The deployment's
     * own settings come first, so that no client is sent to ask for consent to a tool the deployment does not offer.
     */
    public Set<Access> usable(Selection selection) {
        Set<Access> usable = EnumSet.noneOf(Access.class);
        definitions.stream().filter(definition -> offered(selection, definition)
                        && !ServerTool.SERVER.equals(definition.toolset()))
                .forEach(definition -> usable.add(definition.access()));
        return usable;
    }

    /** Whether the selection and the live-trading switch leave {@code definition} open, grants aside. */
    private boolean offered(Selection selection, ToolDefinition definition) {
        return closed(selection, definition) == null && liveOffered(definition);
    }

    /**
     * Whether the deployment's live-trading switch offers {@code definition}: any tool that does not change live
     * trading; with {@code paper} one whose spec entry can tell paper money from its arguments; with {@code on} all.
     */
    private boolean liveOffered(ToolDefinition definition) {
        return !definition.changesLiveTrading() || liveTrading == LiveTrading.ON
                || (liveTrading == LiveTrading.PAPER && definition.paper() != null);
    }

    /** The deployment's live-trading switch. */
    public LiveTrading liveTrading() {
        return liveTrading;
    }

    /** The toolset of {@code definition} when the selection leaves it out; null when it may be used. */
    private static String closed(Selection selection, ToolDefinition definition) {
        String toolset = definition.toolset();
        if (ServerTool.SERVER.equals(toolset)) {
            return null;
        }
        boolean open = selection.toolsets().contains(toolset) && (!selection.readOnly() || definition.readOnly());
        return open ? null : toolset;
    }

    private static Map<String, List<Alias>> valueAliases(List<Operation> operations) {
        Map<String, Map<String, String>> found = new TreeMap<>();
        for (Operation operation : operations) {
            for (Map.Entry<String, Property> property : operation.input().properties().entrySet()) {
                Map<String, String> declared = property.getValue().aliases();
                if (declared.isEmpty()) {
                    continue;
                }
                Map<String, String> before = found.putIfAbsent(property.getKey(), new LinkedHashMap<>(declared));
                if (before != null && !before.equals(declared)) {
                    throw new IllegalStateException("x-mcp-aliases of '" + property.getKey() + "' differ between "
                            + "operations (" + operation.name() + "): give one property name one set of aliases");
                }
            }
        }
        Map<String, List<Alias>> aliases = new TreeMap<>();
        found.forEach((property, spellings) -> {
            List<Alias> list = new ArrayList<>();
            spellings.forEach((spelling, value) -> list.add(new Alias(spelling, value)));
            aliases.put(property, List.copyOf(list));
        });
        return Map.copyOf(aliases);
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
     * @param granted what the caller may do (an OAuth token's scopes; all of it for an API key)
     */
    public record Selection(Set<String> toolsets, boolean readOnly, Set<Access> granted) {
    }

    /** What a tools/call's name leads to for a selection. */
    public sealed interface Resolution {

        /** A tool the selection may call. */
        record Callable(ToolDefinition tool) implements Resolution {
        }

        /** A tool the selection may not call, and the result that says why. */
        record Refused(ToolDefinition tool, CallToolResult result) implements Resolution {
        }

        /** A tool the deployment offers but the caller's grant does not cover: it needs {@code needed}. */
        record BeyondGrant(ToolDefinition tool, Access needed) implements Resolution {
        }

        /**
         * No tool of that name.
         *
         * @param shown the name asked for, cut short
         * @param suggestions the closest names the selection may call
         * @param visible how many tools the selection may call
         */
        record Unknown(String shown, List<String> suggestions, int visible) implements Resolution {

            public String message() {
                return "Unknown tool '" + shown + "'."
                        + (suggestions.isEmpty() ? "" : " Did you mean " + alternatives(suggestions) + "?")
                        + " tools/list names all " + visible + " tools.";
            }

            private static String alternatives(List<String> names) {
                return names.size() == 1 ? names.get(0)
                        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
            }
        }
    }
}
