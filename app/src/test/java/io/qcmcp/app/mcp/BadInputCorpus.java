package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Malformed HTTP requests and JSON-RPC messages: truncated JSON, wrong types for every envelope field, huge
 * ids, unicode edge cases, deep nesting, empty bodies, wrong methods and headers, and bad arguments for every
 * tool.
 */
final class BadInputCorpus {

    /** One bad request. */
    record Case(String name, String method, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The message the envelope cases mutate; its arguments are invalid too, so none may reach QuantConnect. */
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"read_project\",\"arguments\":{\"projectId\":\"project 2134567\"}}}";

    private BadInputCorpus() {
    }

    static Map<String, String> json() {
        return Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream");
    }

    static List<Case> cases(JsonNode tools) {
        List<Case> cases = new ArrayList<>();
        for (int cut = 1; cut < CALL.length(); cut += 6) {
            cases.add(post("truncated at " + cut, CALL.substring(0, cut)));
        }
        List<String> wrongValues = List.of("null", "true", "1.5", "-7", "\"\"", "[]", "{}", "[1,2]", "{\"a\":{}}",
                "\"" + "x".repeat(500) + "\"", "1e400", "99999999999999999999999999");
        for (String field : List.of("jsonrpc", "id", "method", "params")) {
            for (String value : wrongValues) {
                cases.add(post(field + " = " + abbreviate(value), replaceField(field, value)));
            }
            cases.add(post("without " + field, withoutField(field)));
        }
        cases.add(post("huge integer id", "{\"jsonrpc\":\"2.0\",\"id\":1" + "0".repeat(300) + ",\"method\":\"ping\"}"));
        cases.add(post("huge string id", "{\"jsonrpc\":\"2.0\",\"id\":\"" + "i".repeat(10_000) + "\",\"method\":\"ping\"}"));
        cases.add(post("negative id", "{\"jsonrpc\":\"2.0\",\"id\":-1,\"method\":\"ping\"}"));
        cases.add(post("lone surrogate in method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\\ud800\"}"));
        cases.add(post("NUL in method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/\\u0000list\"}"));
        cases.add(post("emoji method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\uD83D\uDCC8\"}"));
        cases.add(post("RTL override in tool name", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"\u202Eread_project\",\"arguments\":{}}}"));
        cases.add(post("BOM before JSON", "\uFEFF" + CALL));
        cases.add(post("unicode escapes everywhere", "{\"\\u006a\\u0073onrpc\":\"2.0\",\"id\":1,\"method\":\"p\\u0069ng\"}"));
        cases.add(post("duplicate keys", "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}"));
        cases.add(post("deeply nested arrays", "[".repeat(10_000) + "]".repeat(10_000)));
        cases.add(post("deeply nested params", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":"
                + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}"));
        cases.add(post("long number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"n\":"
                + "1".repeat(5000) + "}}"));
        for (String body : List.of("", " ", "\n", "null", "[]", "{}", "0", "\"text\"", "true", "[{}]", "{\"jsonrpc\":\"2.0\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1}", "<xml/>", "jsonrpc=2.0", "{'jsonrpc':'2.0'}", "{\"jsonrpc\":\"2.0\",}")) {
            cases.add(post("body " + abbreviate(body), body));
        }
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(new Case(method + " /mcp", method, json(), "GET".equals(method) ? null : CALL));
        }
        for (String contentType : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "text/event-stream")) {
            cases.add(new Case("Content-Type " + contentType, "POST",
                    Map.of("Content-Type", contentType, "Accept", "application/json"), CALL));
        }
        for (String accept : List.of("text/html", "image/png", "application/xml")) {
            cases.add(new Case("Accept " + accept, "POST", Map.of("Content-Type", "application/json", "Accept", accept), CALL));
        }
        for (String version : List.of("1999-01-01", "2025-13-45", "latest", "2025-06-18, 2025-03-26")) {
            Map<String, String> headers = new HashMap<>(json());
            headers.put("MCP-Protocol-Version", version);
            cases.add(new Case("MCP-Protocol-Version " + version, "POST", headers, CALL));
        }
        cases.add(post("initialize without params", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}"));
        cases.add(post("initialize with numeric version", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":20250618,\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}"));
        cases.add(post("tools/call without name", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}"));
        cases.add(post("tools/call with numeric name", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":5}}"));
        cases.add(post("tools/list with numeric cursor", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":5}}"));
        Iterator<JsonNode> it = tools.elements();
        while (it.hasNext()) {
            JsonNode tool = it.next();
            String name = tool.get("name").asText();
            cases.add(call(name + " with an unknown argument", name, "{\"surely_not_an_argument\":1}"));
            cases.add(call(name + " with arguments as a string", name, "\"projectId=1\""));
            cases.add(call(name + " with arguments as an array", name, "[1]"));
            Iterator<Map.Entry<String, JsonNode>> properties = tool.at("/inputSchema/properties").fields();
            if (properties.hasNext()) {
                Map.Entry<String, JsonNode> first = properties.next();
                String wrong = "string".equals(first.getValue().path("type").asText()) ? "{\"x\":1}" : "\"not a number\"";
                cases.add(call(name + " with " + first.getKey() + " of the wrong type", name,
                        "{\"" + first.getKey() + "\":" + wrong + "}"));
            }
        }
        return cases;
    }

    private static Case post(String name, String body) {
        return new Case(name, "POST", json(), body);
    }

    private static Case call(String name, String tool, String arguments) {
        return post(name, "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + "}}");
    }

    private static String replaceField(String field, String value) {
        try {
            Map<String, Object> message = new java.util.LinkedHashMap<>(JSON.readValue(CALL, McpJson.MAP));
            String prefix = JSON.writeValueAsString(Map.of());
            message.remove(field);
            String rest = JSON.writeValueAsString(message);
            return "{\"" + field + "\":" + value + (rest.equals(prefix) ? "}" : "," + rest.substring(1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withoutField(String field) {
        try {
            Map<String, Object> message = new java.util.LinkedHashMap<>(JSON.readValue(CALL, McpJson.MAP));
            message.remove(field);
            return JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= 24 ? oneLine : oneLine.substring(0, 24) + "...";
    }
}
