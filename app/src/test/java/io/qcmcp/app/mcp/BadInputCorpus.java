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

    /**
     * A bad request that must be refused as an argument error: a tools/call answered 200 with an {@code isError}
     * result, or an initialize answered 400 with -32602; either way with the request's id, naming {@code field}.
     */
    record ArgumentError(String name, String body, String id, String field, boolean initialize) {
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
        cases.add(post("tools/call with _meta a number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"read_project\",\"arguments\":{},\"_meta\":5}}"));
        cases.add(post("tools/list with _meta a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":\"x\"}}"));
        cases.add(post("ping with params of 1e400", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"n\":1e400}}"));
        cases.add(post("tools/list with numeric cursor", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":5}}"));
        for (String trailing : List.of(" xyz", "{}", " " + CALL, "]", " 5", "\"x\"", " /* */")) {
            cases.add(post("text after the object: " + abbreviate(trailing), CALL + trailing));
        }
        for (ArgumentError error : argumentErrors(tools)) {
            cases.add(post(error.name(), error.body()));
        }
        Iterator<JsonNode> it = tools.elements();
        while (it.hasNext()) {
            JsonNode tool = it.next();
            String name = tool.get("name").asText();
            cases.add(call(name + " with an unknown argument", name, "{\"surely_not_an_argument\":1}"));
            cases.add(call(name + " with arguments as a string", name, "\"projectId=1\""));
            cases.add(call(name + " with arguments as an array", name, "[1]"));
            Iterator<Map.Entry<String, JsonNode>> properties = tool.at("/inputSchema/properties").properties().iterator();
            if (properties.hasNext()) {
                Map.Entry<String, JsonNode> first = properties.next();
                String wrong = "string".equals(first.getValue().path("type").asText()) ? "{\"x\":1}" : "\"not a number\"";
                cases.add(call(name + " with " + first.getKey() + " of the wrong type", name,
                        "{\"" + first.getKey() + "\":" + wrong + "}"));
            }
        }
        return cases;
    }

    /**
     * Numbers beyond double range in every argument of every tool (and inside backtest parameters, optimization
     * parameters and waitSeconds), and initialize params of the wrong type in every field the MCP SDK reads.
     */
    static List<ArgumentError> argumentErrors(JsonNode tools) {
        List<ArgumentError> errors = new ArrayList<>();
        Iterator<JsonNode> it = tools.elements();
        int n = 0;
        while (it.hasNext()) {
            JsonNode tool = it.next();
            String name = tool.get("name").asText();
            Iterator<String> properties = tool.at("/inputSchema/properties").fieldNames();
            while (properties.hasNext()) {
                String property = properties.next();
                String number = n % 2 == 0 ? "1e400" : "-1e400";
                errors.add(toolError(name + " with " + property + " = " + number, "n" + n++, name,
                        "{\"" + property + "\":" + number + "}", property));
            }
        }
        for (String tool : List.of("read_project", "create_compile", "read_backtest_orders")) {
            errors.add(toolError(tool + " with projectId beyond the range of integers", "big-" + tool, tool,
                    "{\"projectId\":99999999999999999999999999,\"backtestId\":\"b\",\"start\":0,\"end\":1}", "projectId"));
        }
        errors.add(toolError("read_backtest_orders with end = 1e19", "big-end", "read_backtest_orders",
                "{\"projectId\":1,\"backtestId\":\"b\",\"start\":0,\"end\":1e19}", "end"));
        errors.add(toolError("create_live_command with a command field of 1e400", "cmd", "create_live_command",
                "{\"projectId\":1,\"command\":{\"$type\":\"X\",\"quantity\":[1,-1e400]}}", "command.quantity[1]"));
        for (String tool : List.of("create_backtest", "backtest_project")) {
            errors.add(toolError(tool + " with a parameter of 1e400", "p1", tool, "{\"projectId\":1,\"compileId\":\"c\","
                    + "\"backtestName\":\"b\",\"parameters\":{\"fast\":1e400}}", "parameters.fast"));
            errors.add(toolError(tool + " with a parameter of -1e400", "p2", tool, "{\"projectId\":1,\"compileId\":\"c\","
                    + "\"backtestName\":\"b\",\"parameters\":{\"fast\":\"5\",\"slow\":-1e400}}", "parameters.slow"));
        }
        for (String tool : List.of("read_compile", "read_backtest_reduced", "backtest_project")) {
            errors.add(toolError(tool + " with waitSeconds = 1e400", 7L, tool, "{\"projectId\":1,\"compileId\":\"c\","
                    + "\"backtestId\":\"b\",\"waitSeconds\":1e400}", "waitSeconds"));
        }
        errors.add(toolError("estimate_optimization_time with a parameter's min = 1e400", "o1",
                "estimate_optimization_time", "{\"projectId\":1,\"name\":\"o\",\"target\":"
                        + "\"TotalPerformance.PortfolioStatistics.SharpeRatio\",\"targetTo\":\"max\",\"strategy\":"
                        + "\"QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy\",\"parameters\":"
                        + "[{\"name\":\"x\",\"min\":1e400,\"max\":2,\"step\":1}]}", "parameters[0].min"));
        String capabilities = "{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{}}";
        String clientInfo = "{\"name\":\"x\",\"version\":\"1\"}";
        List<String[]> initialize = List.of(
                new String[] {"capabilities", "roots", "\"yes\""},
                new String[] {"capabilities", "roots", "[]"},
                new String[] {"capabilities", "sampling", "5"},
                new String[] {"capabilities", "sampling", "\"yes\""},
                new String[] {"capabilities", "elicitation", "true"},
                new String[] {"capabilities", "experimental", "\"x\""},
                new String[] {"capabilities", "experimental", "[1]"},
                new String[] {"capabilities", "extensions", "7"},
                new String[] {"capabilities", "extensions", "{\"io.example/x\":5}"},
                new String[] {"clientInfo", "version", "[]"},
                new String[] {"clientInfo", "version", "{}"},
                new String[] {"clientInfo", "name", "{\"a\":1}"},
                new String[] {"clientInfo", "title", "[\"t\"]"},
                new String[] {"clientInfo", "description", "{}"},
                new String[] {"clientInfo", "websiteUrl", "[]"},
                new String[] {"clientInfo", "icons", "\"icon.png\""},
                new String[] {"clientInfo", "icons", "[5]"},
                new String[] {"clientInfo", "icons", "[{\"src\":[]}]"},
                new String[] {"clientInfo", "icons", "[{\"src\":\"a.png\",\"sizes\":\"48x48\"}]"});
        int i = 0;
        for (String[] wrong : initialize) {
            String field = wrong[0] + "." + wrong[1];
            String mutated = withField("capabilities".equals(wrong[0]) ? capabilities : clientInfo, wrong[1], wrong[2]);
            String params = "capabilities".equals(wrong[0])
                    ? "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":" + mutated + ",\"clientInfo\":" + clientInfo + "}"
                    : "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":" + capabilities + ",\"clientInfo\":" + mutated + "}";
            errors.add(new ArgumentError("initialize with " + field + " = " + wrong[2],
                    "{\"jsonrpc\":\"2.0\",\"id\":\"i" + i + "\",\"method\":\"initialize\",\"params\":" + params + "}",
                    "i" + i++, field, true));
        }
        errors.add(new ArgumentError("initialize with capabilities.roots.listChanged = \"maybe\"",
                "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":\"maybe\"}},\"clientInfo\":"
                        + clientInfo + "}}", "r", "capabilities.roots.listChanged", true));
        errors.add(new ArgumentError("initialize with capabilities.elicitation.form = 1",
                "{\"jsonrpc\":\"2.0\",\"id\":\"e\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{\"elicitation\":{\"form\":1}},\"clientInfo\":"
                        + clientInfo + "}}", "e", "capabilities.elicitation.form", true));
        errors.add(new ArgumentError("initialize with _meta = 5",
                "{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":" + clientInfo + ",\"_meta\":5}}",
                "m", "_meta", true));
        return errors;
    }

    /** The JSON object {@code object} with {@code field} set to the JSON {@code value}. */
    private static String withField(String object, String field, String value) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(object);
            node.set(field, JSON.readTree(value));
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArgumentError toolError(String name, Object id, String tool, String arguments, String field) {
        String idJson = id instanceof String text ? "\"" + text + "\"" : id.toString();
        return new ArgumentError(name, "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}", id.toString(), field, false);
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
