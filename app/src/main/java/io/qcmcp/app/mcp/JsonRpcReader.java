package io.qcmcp.app.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;

import java.io.IOException;
import java.util.Map;
import io.qcmcp.app.tools.arguments.Texts;

/**
 * Reads one POSTed body as one JSON-RPC 2.0 message, strictly: bounded nesting and sizes, nothing after the
 * message, {@code jsonrpc} "2.0", an id that is a string or an integer, a string method, object params, and no
 * number beyond the range of a double (JSON has no limit; Jackson reads {@code 1e400} as infinity). Anything
 * else is a precise error, with the message's id when it has a valid one and {@code null} otherwise.
 */
final class JsonRpcReader {

    static final int MAX_ID_LENGTH = 200;

    /** What a body turned out to be. */
    sealed interface Read {
    }

    /**
     * A request to answer.
     *
     * @param outOfRange for tools/call, the argument (a path such as {@code parameters.fast}) holding a number
     *     beyond the range of a double, to be refused once the tool is known to be callable; else null
     */
    record Request(McpSchema.JSONRPCRequest request, String outOfRange) implements Read {
    }

    record Notification(McpSchema.JSONRPCNotification notification) implements Read {
    }

    /** A JSON-RPC response or error sent by the client (answers to server requests): accepted, ignored. */
    record ClientResponse() implements Read {
    }

    record Invalid(McpReply reply) implements Read {
    }

    /** Where a tool's arguments are in the params of a tools/call (they are an object: see {@link McpParams}). */
    private static final String ARGUMENTS = "arguments.";
    /** Longest argument path quoted back to the client. */
    private static final int SHOWN_PATH_CHARS = 120;

    private final ObjectMapper json;
    private final ObjectMapper sdk;

    /**
     * @param base the MCP SDK's mapper: the params of the SDK's own requests are checked with it, so that its
     *     deserializers are built once
     */
    JsonRpcReader(ObjectMapper base, int maxNestingDepth, int maxBodyBytes) {
        JsonFactory factory = base.getFactory().copy();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxBodyBytes)
                .maxNumberLength(64)
                .build());
        this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.sdk = base;
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
        } catch (MismatchedInputException e) {
            return invalid(400, ErrorCodes.PARSE_ERROR, "Parse error: there is more after the JSON message; "
                    + "send exactly one JSON-RPC message per request.");
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
        String problem = McpParams.problem(method.asText(), paramsMap, sdk);
        if (problem != null) {
            return invalidFor(id, ErrorCodes.INVALID_PARAMS, "Invalid params: " + problem);
        }
        String outOfRange = params == null ? null : outOfRange(params, "");
        String argument = null;
        if (outOfRange != null) {
            if (!McpSchema.METHOD_TOOLS_CALL.equals(method.asText()) || !outOfRange.startsWith(ARGUMENTS)) {
                return invalidFor(id, ErrorCodes.INVALID_PARAMS, "Invalid params: " + outOfRangeMessage(outOfRange));
            }
            argument = outOfRange.substring(ARGUMENTS.length());
        }
        return new Request(new McpSchema.JSONRPCRequest("2.0", method.asText(), id, paramsMap), argument);
    }

    /** What to say of a number beyond the range of a double at {@code path}. */
    static String outOfRangeMessage(String path) {
        return Texts.abbreviated(path, SHOWN_PATH_CHARS) + " is a number beyond the range of a double (about "
                + "1.8e308 either way); send a smaller number, or text if the number is meant as text.";
    }

    /**
     * The path (like {@code arguments.parameters[0].min}) of the first number in {@code node} that Jackson read as
     * infinite, which in JSON without NaN and Infinity literals means a number beyond the range of a double; null
     * when there is none. The tree is at most the nesting limit deep.
     */
    private static String outOfRange(JsonNode node, String path) {
        if (node.isFloatingPointNumber()) {
            return Double.isFinite(node.doubleValue()) ? null : path;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                String found = outOfRange(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = outOfRange(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
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
