package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.support.RequestLog;
import io.qcmcp.client.Credentials;
import io.qcmcp.client.CredentialsProvider;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.generated.api.LiveApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second step of live trading (MCP_CONFIRM_LIVE, on by default): a live deploy takes exactly two calls, the token
 * covers exactly its own tool, arguments, caller, deployment and the project's live state, and a refused token never
 * reaches QuantConnect (a token that fails its first MAC is refused before even the state is read).
 */
class LiveConfirmationTest {

    private static final Map<String, Object> DEPLOY = Map.of("projectId", 2134567, "compileId", "c-1",
            "nodeId", "LN-1", "versionId", "-1", "brokerage", Map.of("id", "QuantConnectBrokerage"));
    private static final String DEPLOY_BODY = "{\"projectId\":2134567,\"compileId\":\"c-1\",\"nodeId\":\"LN-1\","
            + "\"versionId\":\"-1\",\"brokerage\":{\"id\":\"QuantConnectBrokerage\"},\"dataProviders\":"
            + "{\"QuantConnectBrokerage\":{\"id\":\"QuantConnectBrokerage\"}}}";
    private static final String STOPPED = "{\"success\":true,\"errors\":[],\"projectId\":2134567,\"deployId\":\"L-1\","
            + "\"status\":\"Stopped\"}";
    private static final String RUNNING = "{\"success\":true,\"errors\":[],\"projectId\":2134567,\"deployId\":\"L-2\","
            + "\"status\":\"Running\"}";

    private static FakeQuantConnect quantConnect;
    private static InProcessServer server;

    @BeforeAll
    static void start() {
        quantConnect = new FakeQuantConnect();
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.live-trading", "on");
        properties.put("mcp.confirm-live", "true");
        server = new InProcessServer(properties);
    }

    @AfterAll
    static void stop() {
        server.close();
        quantConnect.close();
    }

    @BeforeEach
    void forget() {
        quantConnect.reset();
    }

    private static Map<String, Object> with(Map<String, Object> arguments, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(arguments);
        copy.put(key, value);
        return copy;
    }

    @Test
    @DisplayName("A live deploy takes exactly two calls: a preview in plain words with a token, then the deploy; the "
            + "token is never sent to QuantConnect, and replaying it after the deploy is refused")
    void twoCalls() {
        quantConnect.answerInTurn("/live/read", "{\"projectId\":2134567}", STOPPED, STOPPED, RUNNING);
        quantConnect.answer("/live/create", DEPLOY_BODY, qc("create_live_algorithm.json"));
        List<Map<String, Object>> audit = new java.util.ArrayList<>();
        JsonNode[] answers = new JsonNode[3];
        audit.addAll(RequestLog.linesDuring("io.qcmcp.audit", () -> {
            answers[0] = server.call("create_live_algorithm", DEPLOY);
            String token = answers[0].at("/structuredContent/confirmationToken").asText();
            answers[1] = server.call("create_live_algorithm", with(DEPLOY, "confirmationToken", token));
            answers[2] = server.call("create_live_algorithm", with(DEPLOY, "confirmationToken", token));
        }));
        JsonNode preview = answers[0];
        assertFalse(preview.get("isError").asBoolean(), preview.toString());
        String words = preview.at("/structuredContent/preview").asText();
        assertTrue(words.startsWith("Deploys project 2134567 (compile c-1) to live node LN-1 with brokerage "
                + "QuantConnectBrokerage"), words);
        assertTrue(words.contains("Its live deployment now: L-1 (Stopped).") && words.contains("not that a person "
                + "approved it"), words);
        assertEquals(300, preview.at("/structuredContent/expiresInSeconds").asInt());
        assertFalse(answers[1].get("isError").asBoolean(), answers[1].toString());
        assertEquals(1, quantConnect.requests("/live/create").size(), "deployed once, with the exact body (no token)");
        assertTrue(answers[2].get("isError").asBoolean(), "replayed after the deploy");
        assertTrue(answers[2].at("/content/0/text").asText().contains("has changed since the preview (L-2/Running"),
                answers[2].toString());
        assertEquals(List.of("preview", "executed", "refused"), audit.stream().map(line -> line.get("stage")).toList());
        assertFalse(audit.toString().contains("v1."), "the audit line holds no token");
    }

    @Test
    @DisplayName("A token for other arguments or another tool, or altered, is refused before QuantConnect, even the "
            + "state read")
    void otherCallsRefused() {
        quantConnect.answer("/live/read", "{\"projectId\":2134567}", STOPPED);
        String token = server.call("create_live_algorithm", DEPLOY).at("/structuredContent/confirmationToken").asText();
        int reads = quantConnect.requests("/live/read").size();
        Map<String, JsonNode> refused = new LinkedHashMap<>();
        refused.put("other node", server.call("create_live_algorithm",
                with(with(DEPLOY, "nodeId", "LN-2"), "confirmationToken", token)));
        refused.put("other tool", server.call("liquidate_live_algorithm",
                Map.of("projectId", 2134567, "confirmationToken", token)));
        String altered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        refused.put("altered", server.call("create_live_algorithm", with(DEPLOY, "confirmationToken", altered)));
        refused.put("not a token", server.call("create_live_algorithm", with(DEPLOY, "confirmationToken", "yes")));
        refused.forEach((why, result) -> {
            assertTrue(result.get("isError").asBoolean(), why + ": " + result);
            assertTrue(result.at("/content/0/text").asText().contains("not the one this call's preview gave"),
                    why + ": " + result);
        });
        assertEquals(reads, quantConnect.requests("/live/read").size());
        assertEquals(0, quantConnect.requests("/live/create").size());
        assertEquals(0, quantConnect.requests("/live/update/liquidate").size());
    }

    @Test
    @DisplayName("The token binds the caller and the deployment, and lasts 5 minutes (30 s of skew)")
    void callerDeploymentAndExpiry() {
        quantConnect.answer("/live/read", "{\"projectId\":2134567}", STOPPED);
        QuantConnectClient client = server.context().getBean(QuantConnectClient.class);
        CredentialsProvider credentials = () -> new Credentials(FakeQuantConnect.USER_ID, FakeQuantConnect.API_TOKEN);
        AtomicLong now = new AtomicLong(1_000_000);
        LiveConfirmation here = new LiveConfirmation(credentials, client, "fn-a", now::get);
        Map<String, Object> arguments = new LinkedHashMap<>(DEPLOY);
        Deadline deadline = Deadline.in(Duration.ofSeconds(10), io.qcmcp.client.Ticker.SYSTEM);
        String token = String.valueOf(((Map<?, ?>) here.check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, null,
                "key:aaaa", deadline).answer().structuredContent()).get("confirmationToken"));

        assertNull(here.check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, token, "key:aaaa", deadline), "it holds");
        assertNotEquals(null, here.check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, token, "key:bbbb", deadline),
                "another caller");
        assertNotEquals(null, new LiveConfirmation(credentials, client, "fn-b", now::get)
                .check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, token, "key:aaaa", deadline), "another deployment");
        CredentialsProvider rotated = () -> new Credentials(FakeQuantConnect.USER_ID, "another-api-token");
        assertNotEquals(null, new LiveConfirmation(rotated, client, "fn-a", now::get)
                .check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, token, "key:aaaa", deadline), "another key");
        now.addAndGet(LiveConfirmation.LIFETIME_MILLIS + LiveConfirmation.SKEW_MILLIS);
        assertNull(here.check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, token, "key:aaaa", deadline),
                "within the skew");
        now.incrementAndGet();
        LiveConfirmation.Step expired = here.check(LiveApi.CREATE_LIVE_ALGORITHM, arguments, token, "key:aaaa",
                deadline);
        assertTrue(String.valueOf(expired.answer().content()).contains("expired"), String.valueOf(expired));
    }

    @Test
    @DisplayName("Live-changing tools take an optional confirmationToken; no other tool does")
    void schema() {
        for (JsonNode tool : server.tools()) {
            boolean takes = tool.at("/inputSchema/properties/confirmationToken").isObject();
            boolean live = List.of("create_live_algorithm", "stop_live_algorithm", "liquidate_live_algorithm",
                    "create_live_command", "broadcast_live_command", "authorize_connection")
                    .contains(tool.get("name").asText());
            assertEquals(live, takes, tool.get("name").asText());
            if (takes) {
                assertFalse(tool.at("/inputSchema/required").toString().contains("confirmationToken"));
            }
        }
    }
}
