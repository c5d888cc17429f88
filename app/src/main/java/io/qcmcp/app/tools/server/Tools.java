package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the server tools. */
final class Tools {

    private Tools() {
    }

    /** Annotations of a tool that reads and stays inside this server. */
    static final ToolAnnotations LOCAL_READ = new ToolAnnotations(null, true, false, true, false, null);

    static Map<String, Object> noArguments() {
        return Map.of("type", "object", "properties", Map.of(), "additionalProperties", false);
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
