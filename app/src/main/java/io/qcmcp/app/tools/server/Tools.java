package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.qcmcp.app.tools.CallContext;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.schema.ObjectSchema;
import io.qcmcp.client.schema.Property;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Small helpers shared by the server tools. */
final class Tools {

    private Tools() {
    }

    /** Annotations of a tool that reads and stays inside this server. */
    static final ToolAnnotations LOCAL_READ = new ToolAnnotations(null, true, false, true, false, null);

    /** A tool whose handler takes the arguments and the request's deadline. */
    static SyncToolSpecification withDeadline(McpSchema.Tool tool,
                                              BiFunction<Map<String, Object>, Deadline, CallToolResult> handler) {
        return new SyncToolSpecification(tool, (context, request) -> handler.apply(
                request.arguments() == null ? Map.of() : request.arguments(), CallContext.deadline(context)));
    }

    /** Schemas keep their key order (type first), so tools/list is the same bytes from one start to the next. */
    static Map<String, Object> noArguments() {
        return ObjectSchema.EMPTY.toInputSchema();
    }

    static Map<String, Object> property(String type, String description) {
        return Property.of(type, description).build().toInputSchema();
    }

    static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
