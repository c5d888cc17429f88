package io.qcmcp.app.tools.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.tools.arguments.ArgumentCoercion.Alias;

import java.util.List;
import java.util.Map;

/**
 * A tool's arguments as assistants really send them, made exact before they are validated: arguments wrapped as
 * {@code {"model": {...}}} (the official server's shape) are unwrapped, then coerced toward the tool's input
 * schema ({@link ArgumentCoercion}); what still does not fit is refused by the {@link #validator()}, naming the
 * value received. All of it at call time: tools/list shows none of it.
 */
public final class ToolArguments {

    private static final String WRAPPER = "model";

    private final ArgumentCoercion coercion;
    private final ArgumentValidator validator;

    /**
     * @param json reads objects and arrays sent as JSON text (with the limits of a request body)
     * @param valueAliases other spellings of enum values, by property name
     */
    public ToolArguments(ObjectMapper json, Map<String, List<Alias>> valueAliases) {
        this.coercion = new ArgumentCoercion(json, valueAliases);
        this.validator = new ArgumentValidator(coercion);
    }

    /** The arguments for {@code tool}, unwrapped and coerced, as a new map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> exact(Tool tool, Map<String, Object> given) {
        Map<String, Object> schema = tool.inputSchema();
        boolean takesModel = schema.get("properties") instanceof Map<?, ?> properties
                && properties.containsKey(WRAPPER);
        Map<String, Object> arguments = !takesModel && given.size() == 1
                && given.get(WRAPPER) instanceof Map<?, ?> inner ? (Map<String, Object>) inner : given;
        return coercion.apply(schema, arguments);
    }

    /** The validator of the MCP SDK's server: refuses what {@link #exact} could not make fit. */
    public JsonSchemaValidator validator() {
        return validator;
    }
}
