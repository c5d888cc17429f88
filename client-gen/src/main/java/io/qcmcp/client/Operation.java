package io.qcmcp.client;

import io.qcmcp.client.schema.ObjectSchema;

import java.util.List;

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
 */
public record Operation(String name, String path, String title, String description, ObjectSchema input,
                        Hints hints, boolean multipart, List<String> serverFills) {

    /**
     * MCP tool annotations. {@code openWorld} is true for every call that reaches QuantConnect.
     */
    public record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    }
}
