package io.qcmcp.app.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A fake QuantConnect API v2 on a local port that behaves like the real one where it matters: it checks
 * the request signature (Timestamp within 30 minutes, Authorization computed from the known token) and
 * answers a bad hash with {@code success:false} and a missing header with HTTP 401; a stubbed answer is
 * given only to a request whose JSON body equals the expected one exactly. Like the real API, it refuses a file
 * created or updated with {@code content: ""} whatever was stubbed.
 */
public final class FakeQuantConnect implements AutoCloseable {

    public static final String USER_ID = "424242";
    public static final String API_TOKEN = "fake-api-token-0123456789abcdef";
    public static final String BASE_PATH = "/api/v2";

    private final WireMockServer server;

    public FakeQuantConnect() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100)
                .willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
        server.stubFor(post(anyUrl()).atPriority(90).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
        server.stubFor(post(anyUrl()).atPriority(80).andMatching(FakeQuantConnect::badSignature)
                .willReturn(okJson("{\"success\":false,\"errors\":[\"Hash doesn't match. Check your API token.\"]}")));
        server.stubFor(post(anyUrl()).atPriority(70).andMatching(FakeQuantConnect::goodSignature)
                .willReturn(okJson("{\"success\":false,\"errors\":[\"fake QuantConnect: no answer for this request body\"]}")));
        for (String path : List.of("/files/create", "/files/update")) {
            server.stubFor(post(urlEqualTo(BASE_PATH + path)).atPriority(0)
                    .withRequestBody(matchingJsonPath("$[?(@.content == '')]"))
                    .willReturn(okJson("{\"success\":false,\"errors\":[\"File content cannot be empty.\"]}")));
        }
    }

    /** The API base URL to configure as {@code quantconnect.api-url}. */
    public String apiUrl() {
        return server.baseUrl() + BASE_PATH;
    }

    /** Answers {@code responseJson} to a correctly signed POST on {@code path} whose body equals {@code requestJson}. */
    public void answer(String path, String requestJson, String responseJson) {
        server.stubFor(post(urlEqualTo(BASE_PATH + path)).atPriority(1)
                .andMatching(FakeQuantConnect::goodSignature)
                .withRequestBody(equalToJson(requestJson))
                .willReturn(okJson(responseJson)));
    }

    /** Like {@link #answer}, but the answer starts only after {@code delayMillis}, as from a QuantConnect under load. */
    public void answerSlowly(String path, String requestJson, String responseJson, int delayMillis) {
        server.stubFor(post(urlEqualTo(BASE_PATH + path)).atPriority(1)
                .andMatching(FakeQuantConnect::goodSignature)
                .withRequestBody(equalToJson(requestJson))
                .willReturn(okJson(responseJson).withFixedDelay(delayMillis)));
    }

    /**
     * Answers the same signed request (path and exact JSON body) with each of {@code responsesJson} in turn, as
     * a job QuantConnect is working on would; the last answer then repeats.
     */
    public void answerInTurn(String path, String requestJson, String... responsesJson) {
        String scenario = path + " " + requestJson;
        for (int i = 0; i < responsesJson.length; i++) {
            com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder stub = post(urlEqualTo(BASE_PATH + path))
                    .atPriority(1)
                    .andMatching(FakeQuantConnect::goodSignature)
                    .withRequestBody(equalToJson(requestJson))
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "answer " + i);
            if (i < responsesJson.length - 1) {
                stub.willSetStateTo("answer " + (i + 1));
            }
            server.stubFor(stub.willReturn(okJson(responsesJson[i])));
        }
    }

    /** Answers {@code responseJson} to a signed multipart POST on {@code path} holding exactly these parts. */
    public void answerMultipart(String path, Map<String, String> parts, String responseJson) {
        com.github.tomakehurst.wiremock.client.MappingBuilder stub = post(urlEqualTo(BASE_PATH + path)).atPriority(1)
                .andMatching(FakeQuantConnect::goodSignature)
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("multipart/form-data"));
        parts.forEach((name, value) -> stub.withMultipartRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.aMultipart().withName(name)
                        .withBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo(value))));
        server.stubFor(stub.willReturn(okJson(responseJson)));
    }

    /** Answers a correctly signed POST on {@code path} with a 302 to {@code location}, as brokerage sign-in does. */
    public void answerRedirect(String path, String location) {
        server.stubFor(post(urlEqualTo(BASE_PATH + path)).atPriority(1)
                .andMatching(FakeQuantConnect::goodSignature)
                .willReturn(aResponse().withStatus(302).withHeader("Location", location)));
    }

    /** Answers a correctly signed POST on {@code path}, whatever its body, with HTTP status and raw body. */
    public void answerRaw(String path, int status, String contentType, String body) {
        server.stubFor(post(urlEqualTo(BASE_PATH + path)).atPriority(1)
                .andMatching(FakeQuantConnect::goodSignature)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)));
    }

    public List<LoggedRequest> requests(String path) {
        return server.findAll(postRequestedFor(urlEqualTo(BASE_PATH + path)));
    }

    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    public void reset() {
        server.resetRequests();
    }

    /** Configuration that points the app at this fake with valid credentials. */
    public Map<String, Object> properties() {
        return Map.of("quantconnect.api-url", apiUrl(),
                "quantconnect.user-id", USER_ID,
                "quantconnect.api-token", API_TOKEN);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static MatchResult goodSignature(Request request) {
        return MatchResult.of(signatureValid(request));
    }

    private static MatchResult badSignature(Request request) {
        return MatchResult.of(!signatureValid(request));
    }

    static boolean signatureValid(Request request) {
        String timestamp = request.getHeader("Timestamp");
        String authorization = request.getHeader("Authorization");
        if (timestamp == null || authorization == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        long age = Instant.now().getEpochSecond() - Long.parseLong(timestamp);
        if (age > 1800 || age < -60) {
            return false;
        }
        String hash = sha256Hex(API_TOKEN + ":" + timestamp);
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((USER_ID + ":" + hash).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
