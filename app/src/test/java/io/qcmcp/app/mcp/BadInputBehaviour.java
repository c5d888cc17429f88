package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.McpHttp.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputBehaviour {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> DOCUMENTED = Set.of(200, 202, 204, 400, 401, 403, 404, 405, 406, 413, 415);
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    /**
     * Corpus cases that look odd but are valid JSON-RPC, answered as ordinary requests. Every other case that gets
     * a 200 must carry a JSON-RPC error or an isError result: red when bad input is answered as a success.
     */
    private static final Set<String> WELL_FORMED = Set.of("negative id", "unicode escapes everywhere", "duplicate keys");

    @RegisterExtension
    final WithFakeQuantConnect<McpHttp> setup = WithFakeQuantConnect.of(quantConnect -> start(quantConnect.properties()));

    abstract McpHttp start(Map<String, Object> properties);

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
}
