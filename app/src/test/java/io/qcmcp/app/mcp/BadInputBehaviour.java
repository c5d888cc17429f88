package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.McpHttp.Reply;
import io.qcmcp.app.support.RequestLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request of the bad-input corpus gets a documented status with a JSON body, never a 5xx, the server
 * serves the next request, and QuantConnect is never called.
 */
abstract class BadInputBehaviour extends EntryPointBehaviour {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> DOCUMENTED = Set.of(200, 202, 204, 400, 401, 403, 404, 405, 406, 413, 415);
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    /**
     * Corpus cases that look odd but are valid JSON-RPC, answered as ordinary requests. Every other case that gets
     * a 200 must carry a JSON-RPC error or an isError result: red when bad input is answered as a success.
     */
    private static final Set<String> WELL_FORMED = Set.of("negative id", "unicode escapes everywhere", "duplicate keys");

    @Test
    @DisplayName("At least 150 malformed requests each get a documented status and a JSON body, and the server keeps serving")
    void corpus() throws Exception {
        JsonNode tools = JSON.readTree(setup.server().post(LIST).body()).at("/result/tools");
        List<BadInputCorpus.Case> cases = BadInputCorpus.cases(tools);
        assertTrue(cases.size() >= 150, "corpus size " + cases.size());
        List<String> problems = new ArrayList<>();
        for (BadInputCorpus.Case bad : cases) {
            Reply reply = setup.server().send(bad.method(), bad.headers(), bad.body());
            if (!DOCUMENTED.contains(reply.status())) {
                problems.add(bad + ": status " + reply.status() + " " + reply.body());
            } else if (reply.status() != 202 && reply.status() != 204) {
                try {
                    JsonNode body = JSON.readTree(reply.body());
                    if (body == null || !body.isObject()) {
                        problems.add(bad + ": body is not a JSON object: " + reply.body());
                    } else if (reply.status() == 200 && WELL_FORMED.contains(bad.name())) {
                        if (body.has("error") || body.at("/result").isMissingNode()) {
                            problems.add(bad + ": a well-formed request was not answered: " + reply.body());
                        }
                    } else if (reply.status() == 200 && !body.has("error")
                            && !body.at("/result/isError").asBoolean(false)) {
                        problems.add(bad + ": 200 without an error for bad input: " + reply.body());
                    } else if (body.toString().contains("at io.") || body.toString().contains("Exception")) {
                        problems.add(bad + ": leaks internals: " + reply.body());
                    }
                } catch (Exception e) {
                    problems.add(bad + ": body is not JSON: " + reply.body());
                }
            }
            Reply next = setup.server().post(LIST);
            if (next.status() != 200) {
                problems.add(bad + ": next request failed with " + next.status());
            }
        }
        assertEquals(List.of(), problems, problems.size() + " of " + cases.size() + " cases misbehaved");
        assertEquals(0, setup.quantConnect().requestCount(), "no bad request reaches QuantConnect");
        System.out.println("Bad-input corpus: " + cases.size() + " cases through " + getClass().getSimpleName());
    }

    @Test
    @DisplayName("Numbers beyond double range in any argument, and initialize params of the wrong type, are argument "
            + "errors naming the field, with the request's id; the request log names the tool")
    void argumentErrorsNameTheField() throws Exception {
        JsonNode tools = JSON.readTree(setup.server().post(LIST).body()).at("/result/tools");
        List<BadInputCorpus.ArgumentError> errors = BadInputCorpus.argumentErrors(tools);
        assertTrue(errors.size() >= 150, "cases: " + errors.size());
        List<String> problems = new ArrayList<>();
        for (BadInputCorpus.ArgumentError error : errors) {
            Reply reply = setup.server().post(error.body());
            JsonNode body;
            try {
                body = JSON.readTree(reply.body());
            } catch (Exception e) {
                problems.add(error + ": status " + reply.status() + ", not JSON: " + reply.body());
                continue;
            }
            String message = error.initialize() ? body.at("/error/message").asText()
                    : body.at("/result/content/0/text").asText();
            if (reply.status() != (error.initialize() ? 400 : 200)) {
                problems.add(error + ": status " + reply.status() + " " + reply.body());
            } else if (!error.id().equals(body.path("id").asText())) {
                problems.add(error + ": id " + body.path("id") + " instead of " + error.id());
            } else if (error.initialize() ? body.at("/error/code").asInt() != -32602
                    : !body.at("/result/isError").asBoolean(false)) {
                problems.add(error + ": not an argument error: " + reply.body());
            } else if (!message.contains(error.field())) {
                problems.add(error + ": does not name " + error.field() + ": " + message);
            }
        }
        assertEquals(List.of(), problems, problems.size() + " of " + errors.size() + " cases misbehaved");
        assertEquals(0, setup.quantConnect().requestCount(), "no bad request reaches QuantConnect");
        List<String> logged = RequestLog.methodsLoggedDuring(() -> setup.server().post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"read_compile\","
                        + "\"arguments\":{\"projectId\":1,\"compileId\":\"c\",\"waitSeconds\":1e400}}}"));
        assertEquals(List.of("read_compile"), logged);
    }

    @Test
    @DisplayName("A tool kept out by read-only or the toolsets is refused as such before its arguments are looked at")
    void refusalBeforeArguments() throws Exception {
        Map<String, String> readOnly = new java.util.HashMap<>(BadInputCorpus.json());
        readOnly.put("X-MCP-Read-Only", "true");
        Reply write = setup.server().send("POST", readOnly, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"create_backtest\",\"arguments\":{\"projectId\":1e400,\"compileId\":\"c\","
                + "\"backtestName\":\"b\",\"parameters\":{\"fast\":-1e400}}}}");
        assertEquals(200, write.status(), write.body());
        JsonNode refused = JSON.readTree(write.body());
        assertEquals(11, refused.path("id").asInt(), write.body());
        assertTrue(refused.at("/result/isError").asBoolean(), write.body());
        assertTrue(refused.at("/result/content/0/text").asText().contains("read-only"), write.body());
        Map<String, String> accountOnly = new java.util.HashMap<>(BadInputCorpus.json());
        accountOnly.put("X-MCP-Toolsets", "account");
        Reply read = setup.server().send("POST", accountOnly, "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"read_compile\",\"arguments\":{\"projectId\":\"x\",\"waitSeconds\":1e400}}}");
        assertEquals(200, read.status(), read.body());
        JsonNode closed = JSON.readTree(read.body());
        assertEquals(12, closed.path("id").asInt(), read.body());
        assertTrue(closed.at("/result/content/0/text").asText().contains("toolset 'compile' is not enabled"), read.body());
        assertEquals(0, setup.quantConnect().requestCount());
    }
}
