package io.qcmcp.app.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;

import java.io.IOException;
import java.util.Map;

/**
 * Reads one POSTed body as one JSON-RPC 2.0 message, strictly: bounded nesting and sizes, {@code jsonrpc}
 * "2.0", an id that is a string or an integer, a string method, object params. Anything else is a precise
 * error, with the message's id when it has a valid one and {@code null} otherwise.
 */
final class JsonRpcReader {

    static final int MAX_ID_LENGTH = 200;

    /** What a body turned out to be. */
    sealed interface Read {
    }

    record Request(McpSchema.JSONRPCRequest request) implements Read {
    }

    record Notification(McpSchema.JSONRPCNotification notification) implements Read {
    }

    /** A JSON-RPC response or error sent by the client (answers to server requests): accepted, ignored. */
    record ClientResponse() implements Read {
    }

    record Invalid(McpReply reply) implements Read {
    }

    private final ObjectMapper json;

    JsonRpcReader(ObjectMapper base, int maxNestingDepth, int maxBodyBytes) {
        JsonFactory factory = base.getFactory().copy();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxBodyBytes)
                .maxNumberLength(64)
                .build());
        this.json = new ObjectMapper(factory);
    }

    /** The mapper with this reader's limits, for JSON that arrives inside a message. */
    ObjectMapper mapper() {
        return json;
    }

    Read read(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (StreamConstraintsException e) {
            return invalid(400, ErrorCodes.PARSE_ERROR, "Parse error: the JSON exceeds this server's limits "
                    + "(nesting depth, string or number length).");
        } catch (JsonProcessingException e) {
            return invalid(400, ErrorCodes.PARSE_ERROR, "Parse error: the body is not valid JSON.");
        } catch (IOException e) {
            return invalid(400, ErrorCodes.PARSE_ERROR, "Parse error: the body could not be read.");
        }
        if (root == null || root.isMissingNode()) {
            return invalid(400, ErrorCodes.PARSE_ERROR, "Parse error: the body is empty; POST one JSON-RPC message.");
        }
        if (root.isArray()) {
            return invalid(400, ErrorCodes.INVALID_REQUEST,
                    "Invalid request: JSON-RPC batches are not supported; send one message per request.");
        }
        if (!root.isObject()) {
            return invalid(400, ErrorCodes.INVALID_REQUEST, "Invalid request: a JSON-RPC message is a JSON object.");
        }
        ObjectNode message = (ObjectNode) root;
        JsonNode idNode = message.get("id");
        Object id = null;
        if (idNode != null) {
            id = id(idNode);
            if (id == null) {
                return invalid(400, ErrorCodes.INVALID_REQUEST, "Invalid request: id must be a string of at most "
                        + MAX_ID_LENGTH + " characters or an integer.");
            }
        }
        JsonNode version = message.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
            return invalidFor(id, ErrorCodes.INVALID_REQUEST, "Invalid request: jsonrpc must be \"2.0\".");
        }
        JsonNode method = message.get("method");
        if (method == null) {
            if (id != null && (message.has("result") || message.has("error"))) {
                return new ClientResponse();
            }
            return invalidFor(id, ErrorCodes.INVALID_REQUEST, "Invalid request: method is missing.");
        }
        if (!method.isTextual() || method.asText().isEmpty()) {
            return invalidFor(id, ErrorCodes.INVALID_REQUEST, "Invalid request: method must be a non-empty string.");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            return invalidFor(id, ErrorCodes.INVALID_PARAMS, "Invalid params: params must be a JSON object.");
        }
        Map<String, Object> paramsMap = params == null || params.isNull() ? null
                : json.convertValue(params, McpJson.MAP);
        if (id == null) {
            return new Notification(new McpSchema.JSONRPCNotification("2.0", method.asText(), paramsMap));
        }
        String problem = McpParams.problem(method.asText(), paramsMap);
        if (problem != null) {
            return invalidFor(id, ErrorCodes.INVALID_PARAMS, "Invalid params: " + problem);
        }
        return new Request(new McpSchema.JSONRPCRequest("2.0", method.asText(), id, paramsMap));
    }

    private static Object id(JsonNode id) {
        if (id.isTextual() && id.asText().length() <= MAX_ID_LENGTH) {
            return id.asText();
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return id.asLong();
        }
        return null;
    }

    private static Invalid invalid(int status, int code, String message) {
        return new Invalid(McpReply.error(status, code, message));
    }

    /** An error about a message whose id is known: it is echoed. */
    private static Invalid invalidFor(Object id, int code, String message) {
        return new Invalid(McpReply.error(400, id, code, message));
    }
}
