package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.support.SkippingTicker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuantConnect having a bad minute: every fault class ends in a clean tool result within the request budget,
 * safe operations are retried, and a create is never sent twice.
 */
class QuantConnectFaultsTest {

    private static final String BASE = "/api/v2";
    private static final long BUDGET_MILLIS = 2000;
    /** Slow answers take this long: ten times the budget, so only the deadline can end the call in time. */
    private static final int SLOW_MILLIS = 20_000;
    /** The answer size limit of the server under test: 1 MiB, so that a test answer can be larger. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static WireMockServer qc;
    private static InProcessServer server;

    @BeforeAll
    static void start() {
        qc = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        qc.start();
        server = new InProcessServer(Map.of("quantconnect.api-url", qc.baseUrl() + BASE,
                "quantconnect.user-id", FakeQuantConnect.USER_ID, "quantconnect.api-token", FakeQuantConnect.API_TOKEN,
                "quantconnect.request-budget", BUDGET_MILLIS + "ms", "quantconnect.read-timeout", "30s",
                "quantconnect.max-answer-bytes", MAX_ANSWER_BYTES));
    }

    @AfterAll
    static void stop() {
        server.close();
        qc.stop();
    }

    @AfterEach
    void resetFake() {
        qc.resetAll();
    }

    private static int calls(String path) {
        return qc.findAll(postRequestedFor(urlEqualTo(BASE + path))).size();
    }

    /**
     * Calls read_account and checks it ended in an error, its pauses (retry backoffs, skipped on the test's time)
     * inside the budget. A call that ignored the deadline would get the slow answers ({@link #SLOW_MILLIS}, inside
     * the 30 s read timeout) as successes; no upper bound on real time, which a loaded machine stretches.
     */
    private static String failedRead() {
        SkippingTicker ticker = SkippingTicker.of(server.context());
        Duration pausedBefore = ticker.skipped();
        JsonNode result = server.call("read_account", Map.of());
        long paused = ticker.skipped().minus(pausedBefore).toMillis();
        assertTrue(result.get("isError").asBoolean(), result.toString());
        assertTrue(paused < BUDGET_MILLIS, "paused " + paused + " ms");
        String text = result.at("/content/0/text").asText();
        assertTrue(text.contains("/account/read"), "names the endpoint: " + text);
        assertFalse(text.contains("Exception") || text.contains("at io."), text);
        return text;
    }

    @Test
    @DisplayName("A delay past the budget ends with an error saying the endpoint did not answer in time")
    void delayPastBudget() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(okJson(qc("read_account.json")).withFixedDelay(SLOW_MILLIS)));
        assertTrue(failedRead().contains("did not answer"));
    }

    @Test
    @DisplayName("A slow dribbling body past the budget ends in time too")
    void dribblingBody() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read"))
                .willReturn(okJson(qc("read_account.json")).withChunkedDribbleDelay(20, SLOW_MILLIS)));
        failedRead();
    }

    @Test
    @DisplayName("A reset connection is retried for a read, then reported")
    void connectionReset() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String text = failedRead();
        assertTrue(text.contains("connection") && text.contains("attempts"), text);
        assertTrue(calls("/account/read") > 1, "retried");
    }

    @Test
    @DisplayName("Malformed and truncated JSON are reported as such")
    void malformedAndTruncated() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(okJson("{\"success\":true,\"credit")));
        assertTrue(failedRead().contains("malformed or truncated"));
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        failedRead();
    }

    @Test
    @DisplayName("500, 502 and 503 HTML pages are retried for a read and reported as HTTP errors")
    void htmlErrorPages() {
        for (int status : new int[] {500, 502, 503}) {
            qc.resetAll();
            qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(aResponse().withStatus(status)
                    .withHeader("Content-Type", "text/html").withBody("<html><body><h1>" + status + " Bad Gateway</h1></body></html>")));
            String text = failedRead();
            assertTrue(text.contains("HTTP " + status) && text.contains("HTML"), text);
            assertEquals(3, calls("/account/read"), "three attempts for a read");
            assertEquals(status == 500, text.contains("credentials may be wrong"),
                    "only a 500 hints at the credentials, an outage does not: " + text);
        }
    }

    @Test
    @DisplayName("A 500 on a call that is not retried mentions the credentials as a possible cause too")
    void serverErrorOnCreate() {
        qc.stubFor(post(urlEqualTo(BASE + "/projects/create")).willReturn(aResponse().withStatus(500)));
        JsonNode result = server.call("create_project", Map.of("name", "Momentum", "language", "Py"));
        String text = result.at("/content/0/text").asText();
        assertTrue(result.get("isError").asBoolean(), text);
        assertTrue(text.contains("HTTP 500") && text.contains("if this persists, the credentials may be wrong")
                && text.contains("QUANTCONNECT_API_TOKEN"), text);
        assertEquals(1, calls("/projects/create"));
    }

    @Test
    @DisplayName("A refusal gives its reason in each form QuantConnect writes it: errors, messages, Message, message")
    void refusalReasons() {
        Map<String, String> answers = Map.of(
                "{\"success\":false,\"errors\":[\"Project not found.\"]}", "Project not found.",
                "{\"success\":false,\"messages\":[\"Node is busy.\",\"Try later.\"]}", "Node is busy.; Try later.",
                "{\"success\":false,\"Message\":\"An error has occurred.\"}", "An error has occurred.",
                "{\"success\":false,\"message\":\"Rate limited.\"}", "Rate limited.");
        answers.forEach((answer, reason) -> {
            qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(okJson(answer)));
            JsonNode result = server.call("read_account", Map.of());
            String text = result.at("/content/0/text").asText();
            assertTrue(result.get("isError").asBoolean(), text);
            assertEquals("QuantConnect refused read_account: " + reason, text, answer);
        });
    }

    @Test
    @DisplayName("A hash refusal says the signature did not match and where the credentials come from, without "
            + "QuantConnect's text, which holds the user id, the hash and the time")
    void hashRefusal() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(okJson("{\"success\":false,\"errors\":"
                + "[\"Hash doesn't match. UserId: 424242, Hash: 9f86d081884c7d659a2feaa0c55ad015, Timestamp: 1764760000\"]}")));
        JsonNode result = server.call("read_account", Map.of());
        String text = result.at("/content/0/text").asText();
        assertTrue(result.get("isError").asBoolean(), text);
        assertTrue(text.contains("the signature did not match") && text.contains("QUANTCONNECT_USER_ID")
                && text.contains("QUANTCONNECT_API_TOKEN"), text);
        for (String leak : new String[] {"424242", "9f86d081", "1764760000", "Hash doesn't match"}) {
            assertFalse(text.contains(leak), "QuantConnect's text is not passed on: " + text);
        }
    }

    @Test
    @DisplayName("429 with Retry-After is honoured, and the retry succeeds")
    void tooManyRequests() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).inScenario("429").whenScenarioStateIs("open")
                .willReturn(okJson(qc("read_account.json"))));
        SkippingTicker ticker = SkippingTicker.of(server.context());
        Duration pausedBefore = ticker.skipped();
        JsonNode result = server.call("read_account", Map.of());
        assertFalse(result.get("isError").asBoolean(), result.toString());
        assertEquals(Duration.ofSeconds(1), ticker.skipped().minus(pausedBefore), "waited as Retry-After asked");
        assertEquals(2, calls("/account/read"));
    }

    @Test
    @DisplayName("429 on a create, which is not retried: the error says it was too many requests and how long to "
            + "wait")
    void tooManyRequestsOnACreate() {
        qc.stubFor(post(urlEqualTo(BASE + "/projects/create")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "20")));
        JsonNode result = server.call("create_project", Map.of("name", "Momentum", "language", "Py"));
        assertTrue(result.get("isError").asBoolean());
        assertEquals("QuantConnect answered HTTP 429 for /projects/create (too many requests): QuantConnect limits how "
                + "often its API is called; wait 20 s and call again.", result.at("/content/0/text").asText());
        assertEquals(1, calls("/projects/create"));
        qc.stubFor(post(urlEqualTo(BASE + "/projects/create")).willReturn(aResponse().withStatus(429)));
        result = server.call("create_project", Map.of("name", "Momentum", "language", "Py"));
        assertTrue(result.at("/content/0/text").asText().endsWith("wait a minute and call again."),
                result.toString());
    }

    @Test
    @DisplayName("503 then 200: the retry of a read succeeds")
    void retrySucceeds() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(qc("read_account.json"))));
        JsonNode result = server.call("read_account", Map.of());
        assertFalse(result.get("isError").asBoolean(), result.toString());
        assertEquals(1234.56, result.at("/structuredContent/creditBalance").asDouble());
        assertEquals(2, calls("/account/read"));
    }

    @Test
    @DisplayName("A create that failed after QuantConnect may have processed it is not sent again")
    void createNotRepeated() {
        qc.stubFor(post(urlEqualTo(BASE + "/projects/create")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html>Bad Gateway</html>")));
        JsonNode result = server.call("create_project", Map.of("name", "Momentum", "language", "Py"));
        assertTrue(result.get("isError").asBoolean());
        assertTrue(result.at("/content/0/text").asText().contains("HTTP 502"));
        assertEquals(1, calls("/projects/create"), "a create is sent once");
        qc.stubFor(post(urlEqualTo(BASE + "/projects/create")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        result = server.call("create_project", Map.of("name", "Momentum", "language", "Py"));
        assertTrue(result.get("isError").asBoolean());
        assertEquals(2, calls("/projects/create"), "still once per call when the answer broke off");
    }

    @Test
    @DisplayName("A create whose connection failed before any answer is sent once more; a live deployment never")
    void resentBeforeAnyAnswer() {
        qc.stubFor(post(urlEqualTo(BASE + "/projects/create")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        JsonNode result = server.call("create_project", Map.of("name", "Momentum", "language", "Py"));
        assertTrue(result.get("isError").asBoolean());
        assertTrue(result.at("/content/0/text").asText().contains("(2 attempts)"), result.toString());
        assertEquals(2, calls("/projects/create"), "sent once more, and only once");
        qc.stubFor(post(urlEqualTo(BASE + "/live/create")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        result = server.call("create_live_algorithm", Map.of("projectId", 1, "compileId", "c-1", "nodeId", "LN-1",
                "versionId", "-1", "brokerage", Map.of("id", "QuantConnectBrokerage")));
        assertTrue(result.get("isError").asBoolean(), result.toString());
        assertEquals(1, calls("/live/create"), "live trading is sent once");
    }

    @Test
    @DisplayName("An answer over the size limit is refused at once, never retried, and names the limit and the "
            + "narrower tools to use")
    void answerTooLarge() {
        String big = "{\"success\":true,\"backtest\":{\"orders\":\"" + "x".repeat(2 * MAX_ANSWER_BYTES) + "\"}}";
        qc.stubFor(post(urlEqualTo(BASE + "/backtests/read")).willReturn(okJson(big)));
        JsonNode result = server.call("read_backtest", Map.of("projectId", 1, "backtestId", "b-1"));
        String text = result.at("/content/0/text").asText();
        String shown = text.substring(0, Math.min(text.length(), 500));
        assertTrue(result.get("isError").asBoolean(), shown);
        assertTrue(text.contains("too large") && text.contains("quantconnect.max-answer-bytes")
                && text.contains("QUANTCONNECT_MAX_ANSWER_BYTES"), shown);
        assertTrue(text.contains("read_backtest_reduced"), "names the narrower tool: " + shown);
        assertEquals(1, calls("/backtests/read"), "downloaded once, not retried");
    }

    @Test
    @DisplayName("HTTP 401 says the credentials were rejected and where they come from")
    void unauthorized() {
        qc.stubFor(post(urlEqualTo(BASE + "/account/read")).willReturn(aResponse().withStatus(401)));
        String text = failedRead();
        assertTrue(text.contains("rejected the credentials") && text.contains("QUANTCONNECT_USER_ID"), text);
    }
}
