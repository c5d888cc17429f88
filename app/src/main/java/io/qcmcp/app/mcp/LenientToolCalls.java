package io.qcmcp.app.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.qcmcp.app.mcp.ArgumentCoercion.Alias;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A tools/call as assistants really send it, made exact before the MCP SDK validates it: a tool name users
 * bring from the other QuantConnect servers resolves to ours, arguments wrapped as {@code {"model": {...}}}
 * (the official server's shape) are unwrapped, and the arguments are coerced toward the tool's input schema
 * ({@link ArgumentCoercion}). All of this happens at call time; tools/list shows none of it. A name that is
 * no tool is refused here, naming it (cut short) and the tools it most likely meant.
 */
final class LenientToolCalls {

    /** Names of the other QuantConnect MCP servers, by the tool that does the same here. */
    static final Map<String, String> TOOL_ALIASES = Map.of(
            "read_latest_mcp_server_version", "read_mcp_server_version",
            "authorize_connection_step1", "authorize_connection",
            "authorize_connection_step2", "read_connection_authorization");

    /** Spellings accepted for enum values, by property name. */
    static final Map<String, List<Alias>> VALUE_ALIASES = Map.of(
            "language", List.of(new Alias("Python", "Py"), new Alias("CSharp", "C#")));

    private static final String WRAPPER = "model";
    private static final int SHOWN_NAME_CHARS = 64;

    private final Map<String, Map<String, Object>> schemas = new TreeMap<>();
    private final ArgumentCoercion coercion;

    LenientToolCalls(List<McpSchema.Tool> tools, ArgumentCoercion coercion) {
        tools.forEach(tool -> schemas.put(tool.name(), tool.inputSchema()));
        this.coercion = coercion;
        TOOL_ALIASES.forEach((alias, tool) -> {
            if (!schemas.containsKey(tool) || schemas.containsKey(alias)) {
                throw new IllegalStateException("Tool alias " + alias + " must name no tool and lead to one: " + tool);
            }
        });
    }

    /** The tool a tools/call names, the other servers' names resolved to ours; null when it names none. */
    String tool(JSONRPCRequest request) {
        return resolve((String) ((Map<?, ?>) request.params()).get("name"));
    }

    /**
     * The refusal of a call that names no tool, with the closest names.
     *
     * @param visible the tools this request may see, the only ones the name is compared with
     */
    JSONRPCResponse unknown(JSONRPCRequest request, Predicate<String> visible) {
        return unknown(request.id(), (String) ((Map<?, ?>) request.params()).get("name"),
                schemas.keySet().stream().filter(visible).toList());
    }

    /**
     * The call with its tool name resolved and its arguments made exact. Called only once the request may use
     * {@code tool}: a refusal by read-only or toolsets comes before any argument is looked at.
     */
    @SuppressWarnings("unchecked")
    JSONRPCRequest exact(JSONRPCRequest request, String tool) {
        Map<String, Object> params = (Map<String, Object>) request.params();
        Map<String, Object> schema = schemas.get(tool);
        Map<String, Object> arguments = params.get("arguments") instanceof Map<?, ?> given
                ? unwrapped(schema, (Map<String, Object>) given) : Map.of();
        Map<String, Object> exact = new LinkedHashMap<>(params);
        exact.put("name", tool);
        exact.put("arguments", coercion.apply(schema, arguments));
        return new JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), exact);
    }

    private String resolve(String asked) {
        String name = asked.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        if (schemas.containsKey(name)) {
            return name;
        }
        return TOOL_ALIASES.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unwrapped(Map<String, Object> schema, Map<String, Object> arguments) {
        boolean takesModel = schema.get("properties") instanceof Map<?, ?> properties && properties.containsKey(WRAPPER);
        if (!takesModel && arguments.size() == 1 && arguments.get(WRAPPER) instanceof Map<?, ?> inner) {
            return (Map<String, Object>) inner;
        }
        return arguments;
    }

    private static JSONRPCResponse unknown(Object id, String asked, List<String> visible) {
        String shown = Texts.abbreviated(asked, SHOWN_NAME_CHARS);
        List<String> suggestions = ToolSuggestions.closest(asked, visible);
        String message = "Unknown tool '" + shown + "'."
                + (suggestions.isEmpty() ? "" : " Did you mean " + alternatives(suggestions) + "?")
                + " tools/list names all " + visible.size() + " tools.";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool", shown);
        data.put("suggestions", suggestions);
        return JSONRPCResponse.error(id, new JSONRPCResponse.JSONRPCError(ErrorCodes.INVALID_PARAMS, message, data));
    }

    private static String alternatives(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
