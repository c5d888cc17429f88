package floor;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.SerdeImport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The MCP SDK's JSON through Micronaut Serialization instead of Jackson databind: serializers generated at compile
 * time (the imports below) instead of built by reflection on first use. It covers what the floor's tools/list
 * needs, no more: other MCP messages would need their own imports.
 */
@SerdeImport(McpSchema.JSONRPCRequest.class)
@SerdeImport(McpSchema.JSONRPCResponse.class)
@SerdeImport(McpSchema.JSONRPCResponse.JSONRPCError.class)
@SerdeImport(McpSchema.ListToolsResult.class)
@SerdeImport(McpSchema.Tool.class)
@SerdeImport(McpSchema.ToolAnnotations.class)
@SerdeImport(McpSchema.Icon.class)
final class SerdeMapper implements McpJsonMapper {

    private final JsonMapper json;

    SerdeMapper(JsonMapper json) {
        this.json = json;
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return json.readValue(content.getBytes(StandardCharsets.UTF_8), Argument.of(type));
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return json.readValue(content, Argument.of(type));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return (T) json.readValue(content.getBytes(StandardCharsets.UTF_8), Argument.of(type.getType()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return (T) json.readValue(content, Argument.of(type.getType()));
    }

    @Override
    public <T> T convertValue(Object value, Class<T> type) {
        try {
            return json.readValueFromTree(json.writeValueToTree(value), Argument.of(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T convertValue(Object value, TypeRef<T> type) {
        try {
            return (T) json.readValueFromTree(json.writeValueToTree(value), Argument.of(type.getType()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return json.writeValueAsString(value);
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return json.writeValueAsBytes(value);
    }
}
