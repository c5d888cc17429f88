package io.qcmcp.app.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.TokenRequest;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.NodeFolder;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.RequestLog;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local server as the resource server of a real OAuth 2.1 / OIDC authorization server
 * ({@code mock-oauth2-server}: discovery, JWKS, authorization code with PKCE, token endpoint, sign-in without a page),
 * reached by the official MCP TypeScript SDK's own OAuth flow (src/test/node/oauth-flow), and by the same code flow
 * driven over plain HTTP from here.
 *
 * <p>The authorization server issues access tokens whose audience is what the token request's RFC 8707
 * {@code resource} names (the mock itself ignores that parameter, so the token callback below reads it), with the
 * scope {@code quantconnect.read}: a token from a flow that sent no resource is refused by the server.
 */
class OAuthEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER_ID = "qc";
    private static final String CLIENT_ID = "qcmcp-e2e-client";
    private static final String SUBJECT = "person-e2e";
    private static final NodeFolder NODE = new NodeFolder("oauth-flow");

    private static FakeQuantConnect quantConnect;
    private static MockOAuth2Server authorizationServer;
    private static LocalServer server;
    private static String resource;
    private static final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();

    /** Tokens for {@link #ISSUER_ID}: audience = the request's resource indicators, scope quantconnect.read. */
    private static final class ResourceIndicatorCallback implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return SUBJECT;
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            tokenRequests.add(request);
            return request.getResources() == null ? List.of()
                    : request.getResources().stream().map(URI::toString).toList();
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            Map<String, Object> claims = new HashMap<>();
            claims.put("scope", "quantconnect.read");
            if (request.getClientID() != null) {
                claims.put("client_id", request.getClientID().getValue());
            }
            return claims;
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        quantConnect = new FakeQuantConnect();
        authorizationServer = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(), Set.of(new ResourceIndicatorCallback())));
        authorizationServer.start(InetAddress.getByName("127.0.0.1"), 0);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        resource = "http://127.0.0.1:" + port + "/mcp";
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.oauth.issuer", issuer());
        properties.put("mcp.resource-url", resource);
        properties.put("micronaut.server.port", port);
        properties.put("mcp.toolsets", "account,projects,live");
        server = new LocalServer(properties);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (authorizationServer != null) {
            authorizationServer.shutdown();
        }
        if (quantConnect != null) {
            quantConnect.close();
        }
    }

    @BeforeEach
    void forget() {
        tokenRequests.clear();
        quantConnect.reset();
        quantConnect.answer("/account/read", "{}", qc("read_account.json"));
    }

    private static String issuer() {
        return authorizationServer.issuerUrl(ISSUER_ID).toString();
    }

    @Test
    @DisplayName("The MCP TypeScript SDK signs in by its own OAuth flow against a real authorization server, lists "
            + "the tools and calls read_account")
    void typeScriptSdkSignsIn() throws Exception {
        assumeTrue(NodeFolder.nodeInstalled(), "Node.js is not installed");
        NODE.installPackages();
        List<String> output = new ArrayList<>();
        List<Map<String, Object>> log = RequestLog.linesDuring(() ->
                output.add(NODE.run(List.of("node", "flow.mjs", resource, CLIENT_ID), Map.of(), 120)));
        String printed = output.get(0);
        String last = printed.strip().substring(printed.strip().lastIndexOf('\n') + 1);
        JsonNode summary = JSON.readTree(last);
        String context = "node printed:\n" + printed;
        System.out.println("TypeScript SDK OAuth flow: " + last);

        assertTrue(summary.path("ok").asBoolean(), context);
        assertTrue(summary.path("toolCount").asInt() > 0, context);
        assertTrue(summary.path("tools").toString().contains("\"read_account\""), context);
        assertFalse(summary.path("tools").toString().contains("\"create_project\""),
                "quantconnect.read grants no write tool: " + context);
        assertFalse(summary.path("callIsError").asBoolean(true), context);
        assertEquals(1, quantConnect.requests("/account/read").size(), context);
        assertEquals(1, quantConnect.requestCount(), context);

        JsonNode authorization = summary.path("authorization");
        assertEquals(authorizationServer.authorizationEndpointUrl(ISSUER_ID).toString(),
                authorization.path("endpoint").asText(), context);
        assertEquals("S256", authorization.path("codeChallengeMethod").asText(), context);
        assertEquals(43, authorization.path("codeChallengeLength").asInt(), context);
        assertEquals(resource, authorization.path("resource").path(0).asText(), context);
        assertEquals(CLIENT_ID, authorization.path("clientId").asText(), context);
        assertEquals("quantconnect.read quantconnect.write quantconnect.live", authorization.path("scope").asText(),
                "the SDK asks for the scopes of the 401 challenge: " + context);
        assertEquals(302, authorization.path("status").asInt(), context);
        JsonNode token = summary.path("tokenRequest");
        assertEquals("authorization_code", token.path("grantType").asText(), context);
        assertTrue(token.path("params").toString().contains("\"code_verifier\""), context);
        assertEquals(resource, token.path("resource").path(0).asText(), context);
        assertEquals(1, tokenRequests.size(), context);
        assertEquals(resource, summary.path("accessToken").path("aud").asText(
                summary.path("accessToken").path("aud").path(0).asText()), context);
        assertEquals(issuer(), summary.path("accessToken").path("iss").asText(), context);

        List<String> fetched = new ArrayList<>();
        summary.path("fetches").forEach(entry -> fetched.add(entry.path("method").asText() + " "
                + entry.path("url").asText() + " " + entry.path("status").asInt()));
        String base = resource.substring(0, resource.length() - "/mcp".length());
        assertEquals("POST " + resource + " 401", fetched.get(0), context);
        assertTrue(fetched.contains("GET " + base + "/.well-known/oauth-protected-resource/mcp 200"), context);
        assertTrue(fetched.stream().anyMatch(line -> line.startsWith("GET ") && line.endsWith(" 200")
                && line.contains("/.well-known/openid-configuration")), context);
        assertTrue(fetched.contains("POST " + authorizationServer.tokenEndpointUrl(ISSUER_ID) + " 200"), context);

        String subject = Digests.fingerprint(SUBJECT);
        List<Map<String, Object>> called = log.stream().filter(line -> "read_account".equals(line.get("method")))
                .toList();
        assertEquals(1, called.size(), "request log: " + log);
        assertEquals(CLIENT_ID, called.get(0).get("clientId"), "request log: " + log);
        assertEquals(subject, called.get(0).get("subjectFingerprint"), "request log: " + log);
        assertEquals(401, log.get(0).get("status"), "the first request, without a token: " + log);
        List<Object> signedIn = log.stream().filter(line -> subject.equals(line.get("subjectFingerprint")))
                .map(line -> line.get("method")).toList();
        assertTrue(signedIn.containsAll(List.of("initialize", "tools/list", "read_account")), "request log: " + log);
    }

    @Test
    @DisplayName("The same code flow over plain HTTP: authorize with S256 and resource, token with the verifier; the "
            + "token reads the account, and one without a resource is refused")
    void codeFlowOverPlainHttp() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        JsonNode metadata = getJson(http, base() + "/.well-known/oauth-protected-resource/mcp");
        assertEquals(resource, metadata.get("resource").asText());
        assertEquals(issuer(), metadata.path("authorization_servers").path(0).asText(),
                "the mock lists S256, so the server names it and serves no document of its own");
        JsonNode as = getJson(http, issuer() + "/.well-known/openid-configuration");
        assertTrue(as.path("code_challenge_methods_supported").toString().contains("S256"), as.toString());

        String withResource = signIn(http, as, resource);
        assertEquals(List.of(resource), tokenRequests.get(0).getResources().stream().map(URI::toString).toList());
        HttpResponse<String> read = mcp(http, withResource);
        assertEquals(200, read.statusCode(), read.body());
        assertFalse(JSON.readTree(read.body()).at("/result/isError").asBoolean(true), read.body());
        assertEquals(1, quantConnect.requests("/account/read").size());

        String withoutResource = signIn(http, as, null);
        HttpResponse<String> refused = mcp(http, withoutResource);
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(1, quantConnect.requestCount(), "the refused token never reached QuantConnect");
    }

    /** Authorization code with PKCE (S256); returns the access token. */
    private static String signIn(HttpClient http, JsonNode as, String resourceIndicator) throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = "http://127.0.0.1:9/oauth/callback";
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CLIENT_ID);
        query.put("redirect_uri", redirect);
        query.put("scope", "openid quantconnect.read");
        query.put("state", "s1");
        query.put("nonce", "n1");
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        if (resourceIndicator != null) {
            query.put("resource", resourceIndicator);
        }
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(
                as.get("authorization_endpoint").asText() + "?" + form(query))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, authorize.statusCode(), authorize.body());
        URI back = URI.create(authorize.headers().firstValue("Location").orElseThrow());
        Map<String, String> params = parse(back.getRawQuery());
        assertEquals("s1", params.get("state"));
        assertNotNull(params.get("code"), back.toString());

        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", params.get("code"));
        exchange.put("redirect_uri", redirect);
        exchange.put("client_id", CLIENT_ID);
        exchange.put("code_verifier", verifier);
        if (resourceIndicator != null) {
            exchange.put("resource", resourceIndicator);
        }
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(as.get("token_endpoint").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(exchange))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        return JSON.readTree(token.body()).get("access_token").asText();
    }

    private static HttpResponse<String> mcp(HttpClient http, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(resource))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static String base() {
        return resource.substring(0, resource.length() - "/mcp".length());
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length < 2 ? "" : java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return values;
    }

}
