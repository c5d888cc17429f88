package io.qcmcp.app.mcp;

import com.fasterxml.jackson.core.type.TypeReference;

import java.util.Map;

final class McpJson {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private McpJson() {
    }
}
