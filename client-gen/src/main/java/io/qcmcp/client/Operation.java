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
     * Whether sending this operation twice has the effect of sending it once, so that a failed attempt may be
     * repeated: reads and idempotent writes (set a name, delete an id). Creates, live trading and commands are
     * not: an attempt that failed on the way back may already have been processed.
     */
    public boolean retrySafe() {
        return hints.readOnly() || hints.idempotent();
    }

    /**
     * MCP tool annotations. {@code openWorld} is true for every call that reaches QuantConnect.
     */
    public record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    }
}
