package io.qcmcp.app.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.RequestLog;
import io.qcmcp.app.support.StandInIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local server as an OAuth 2.1 resource server of a stand-in issuer shaped like Amazon Cognito (no RFC 8414
 * document, no PKCE methods in its discovery), over real HTTP: discovery from the 401, the metadata documents, scopes
 * as access, and every kind of broken token refused before QuantConnect.
 */
class OAuthResourceServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static final String READ_ACCOUNT = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}";
    private static final String CREATE_PROJECT = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"create_project\",\"arguments\":{\"name\":\"M\",\"language\":\"Py\"}}}";

    private static FakeQuantConnect quantConnect;
    private static StandInIssuer issuer;
    private static LocalServer server;
    private static String resource;
    private static String origin;

    @BeforeAll
    static void start() throws IOException {
        quantConnect = new FakeQuantConnect();
        issuer = new StandInIssuer();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        origin = "http://127.0.0.1:" + port;
        resource = origin + "/mcp";
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.putAll(issuer.properties(resource));
        properties.put("micronaut.server.port", port);
        properties.put("mcp.toolsets", "account,projects,live");
        server = new LocalServer(properties);
    }

    @AfterAll
    static void stop() {
        server.close();
        issuer.close();
        quantConnect.close();
    }

    @BeforeEach
    void forget() {
        quantConnect.reset();
        quantConnect.answer("/account/read", "{}", qc("read_account.json"));
    }

    private static McpHttp.Reply post(String body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream"));
        headers.putAll(extra);
        return server.send("POST", headers, body);
    }

    private static McpHttp.Reply withToken(String token, String body) {
        return post(body, Map.of("Authorization", "Bearer " + token));
    }

    private static String token(String scope) {
        return issuer.sign(issuer.claims(resource, scope).build());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }

    @Test
    @DisplayName("Without credentials: 401 pointing at the metadata, which names this server, its scopes and an "
            + "authorization server document of its own that lists S256")
    void discoveryFromThe401() throws Exception {
        McpHttp.Reply reply = post(LIST, Map.of());
        assertEquals(401, reply.status());
        String metadataUrl = origin + "/.well-known/oauth-protected-resource/mcp";
        assertEquals("Bearer resource_metadata=\"" + metadataUrl + "\", scope=\"quantconnect.read quantconnect.write "
                + "quantconnect.live\"", reply.header("WWW-Authenticate"));
        assertEquals(-32600, JSON.readTree(reply.body()).at("/error/code").asInt(), "the JSON-RPC body as before");

        for (String url : List.of(metadataUrl, origin + "/.well-known/oauth-protected-resource")) {
            JsonNode document = get(url);
            assertEquals(resource, document.get("resource").asText());
            assertEquals(List.of(origin), JSON.convertValue(document.get("authorization_servers"), List.class),
                    "the issuer publishes no PKCE methods, so this server's own document stands in");
            assertEquals(List.of("quantconnect.read", "quantconnect.write", "quantconnect.live"),
                    JSON.convertValue(document.get("scopes_supported"), List.class));
            assertEquals("header", document.at("/bearer_methods_supported/0").asText());
            assertFalse(document.get("resource_name").asText().isEmpty());
        }
        for (String url : List.of(origin + "/.well-known/oauth-authorization-server",
                origin + "/.well-known/openid-configuration")) {
            JsonNode own = get(url);
            assertEquals(origin, own.get("issuer").asText());
            assertEquals(issuer.issuer().replace("/pool", "") + "/oauth2/authorize",
                    own.get("authorization_endpoint").asText());
            assertEquals("S256", own.at("/code_challenge_methods_supported/0").asText());
            assertEquals(issuer.issuer() + "/.well-known/jwks.json", own.get("jwks_uri").asText());
        }
        assertEquals(405, server.send("GET", Map.of("Authorization", "Bearer " + token("quantconnect.read")), null)
                .status(), "GET stays 405 on /mcp");
        assertEquals(0, quantConnect.requestCount());
    }

    @Test
    @DisplayName("A token's scopes are its access: tools/list shows what it allows, a call beyond it gets 403 with "
            + "insufficient_scope and never reaches QuantConnect")
    void scopesAreAccess() throws Exception {
        String readOnly = token("quantconnect.read");
        List<String> listed = names(withToken(readOnly, LIST));
        assertTrue(listed.contains("read_account") && listed.contains("read_live_algorithm"), listed.toString());
        assertFalse(listed.contains("create_project"), listed.toString());
        assertFalse(listed.contains("stop_live_algorithm"), listed.toString());
        assertTrue(listed.contains("read_mcp_server_version"), "server tools with any scope of ours");

        McpHttp.Reply read = withToken(readOnly, READ_ACCOUNT);
        assertEquals(200, read.status(), read.body());
        assertFalse(JSON.readTree(read.body()).at("/result/isError").asBoolean(), read.body());
        assertEquals(1, quantConnect.requests("/account/read").size());

        McpHttp.Reply create = withToken(readOnly, CREATE_PROJECT);
        assertEquals(403, create.status(), create.body());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"quantconnect.read quantconnect.write\", "
                + "resource_metadata=\"" + origin + "/.well-known/oauth-protected-resource/mcp\"",
                create.header("WWW-Authenticate"));
        assertEquals(3, JSON.readTree(create.body()).get("id").asInt());
        assertEquals(0, quantConnect.requests("/projects/create").size());

        List<String> writer = names(withToken(token("quantconnect.read quantconnect.write"), LIST));
        assertTrue(writer.contains("create_project") && !writer.contains("stop_live_algorithm"), writer.toString());
        List<String> live = names(withToken(token("quantconnect.live"), LIST));
        assertTrue(live.contains("stop_live_algorithm") && !live.contains("read_account"), live.toString());
        assertEquals(List.of(), names(withToken(token("openid profile"), LIST)), "no scope of ours, no tool");
    }

    @Test
    @DisplayName("Scope names count bare or with the configured prefix only, and the read-only header still narrows")
    void deploymentSettingsComeFirst() throws Exception {
        McpHttp.Reply readOnlyHeader = post(CREATE_PROJECT, Map.of("Authorization", "Bearer "
                + token("quantconnect.read quantconnect.write"), "X-MCP-Read-Only", "true"));
        assertEquals(200, readOnlyHeader.status(), "the request's own settings answer as before: isError, not 403");
        assertTrue(JSON.readTree(readOnlyHeader.body()).at("/result/isError").asBoolean());
        assertEquals(List.of(), names(withToken(token("other/quantconnect.read"), LIST)),
                "another prefix never counts");
    }

    private static List<String> names(McpHttp.Reply reply) throws IOException {
        assertEquals(200, reply.status(), reply.body());
        return JSON.convertValue(JSON.readTree(reply.body()).at("/result/tools").findValuesAsText("name"), List.class);
    }

    @Test
    @DisplayName("Broken tokens are refused with 401 invalid_token, and none reaches QuantConnect")
    void brokenTokens() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stand-in-1").generate();
        RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("someone-else").generate();
        Function<JWTClaimsSet.Builder, String> signed = claims -> issuer.sign(claims.build());
        long now = System.currentTimeMillis();
        String good = token("quantconnect.read");
        String[] parts = good.split("\\.");
        JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(
                ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("scope",
                        "quantconnect.read quantconnect.write quantconnect.live")));

        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("expired", signed.apply(issuer.claims(resource, "quantconnect.read")
                .expirationTime(new Date(now - 120_000))));
        broken.put("not yet valid", signed.apply(issuer.claims(resource, "quantconnect.read")
                .notBeforeTime(new Date(now + 300_000))));
        broken.put("no expiry", signed.apply(issuer.claims(resource, "quantconnect.read").expirationTime(null)));
        broken.put("wrong issuer", signed.apply(issuer.claims(resource, "quantconnect.read")
                .issuer("https://issuer.example.com/")));
        broken.put("wrong audience", signed.apply(issuer.claims("https://other.example.com/mcp", "quantconnect.read")
                .claim("client_id", null)));
        broken.put("ID token", signed.apply(issuer.claims(resource, "quantconnect.read").claim("token_use", "id")));
        broken.put("alg none", new PlainJWT(new PlainHeader(), issuer.claims(resource, "quantconnect.read").build())
                .serialize());
        broken.put("HS256 with the public key", hmacWithPublicKey(issuer.claims(resource, "quantconnect.read").build()));
        broken.put("signed by a stranger with the issuer's kid", signedBy(stranger,
                issuer.claims(resource, "quantconnect.read").build()));
        broken.put("unknown kid", signedBy(unknownKid, issuer.claims(resource, "quantconnect.read").build()));
        broken.put("payload changed", parts[0] + "." + widened + "." + parts[2]);
        broken.put("jku pointing elsewhere", issuer.sign(issuer.claims(resource, "quantconnect.read").build(),
                header -> header.keyID("not-there").jwkURL(URI.create("https://attacker.example/jwks.json"))));
        broken.put("not a JWT", "abc.def");

        for (Map.Entry<String, String> token : broken.entrySet()) {
            McpHttp.Reply reply = withToken(token.getValue(), READ_ACCOUNT);
            assertEquals(401, reply.status(), token.getKey() + ": " + reply.body());
            String challenge = reply.header("WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer error=\"invalid_token\", error_description=\""), token.getKey()
                    + ": " + challenge);
            assertTrue(challenge.contains("resource_metadata=\"" + origin + "/.well-known/oauth-protected-resource/mcp\""),
                    challenge);
        }
        assertEquals(0, quantConnect.requestCount());
    }

    @Test
    @DisplayName("Another resource's token is refused even with a Host header naming that resource")
    void hostHeaderCannotChooseTheAudience() {
        String forOther = issuer.sign(issuer.claims("http://other.example:8080/mcp", "quantconnect.read")
                .claim("client_id", null).build());
        McpHttp.Reply reply = post(READ_ACCOUNT, Map.of("Authorization", "Bearer " + forOther,
                "X-Forwarded-Host", "other.example:8080"));
        assertEquals(401, reply.status());
        assertEquals(0, quantConnect.requestCount());
    }

    @Test
    @DisplayName("Unknown key ids read the issuer's keys again at most once a minute")
    void unknownKidsDoNotHammerTheIssuer() throws Exception {
        withToken(token("quantconnect.read"), LIST);
        int before = issuer.keyReads();
        for (int i = 0; i < 5; i++) {
            RSAKey other = new RSAKeyGenerator(2048).keyID("rotated-" + i).generate();
            assertEquals(401, withToken(signedBy(other, issuer.claims(resource, "quantconnect.read").build()), LIST)
                    .status());
        }
        assertTrue(issuer.keyReads() - before <= 1, "read again " + (issuer.keyReads() - before) + " times");
    }

    @Test
    @DisplayName("The request log names the token's subject by fingerprint and its client, never the token")
    void logHoldsNoToken() throws Exception {
        String token = token("quantconnect.read");
        List<Map<String, Object>> lines = RequestLog.linesDuring(() -> withToken(token, READ_ACCOUNT));
        Map<String, Object> line = lines.get(lines.size() - 1);
        assertEquals("client-1", line.get("clientId"));
        assertEquals(16, String.valueOf(line.get("subjectFingerprint")).length());
        assertNull(line.get("apiKeyFingerprint"));
        assertFalse(lines.toString().contains(token.substring(20, 60)));
        assertFalse(lines.toString().contains("person-1"), "the subject itself is not logged");
    }

    private static String signedBy(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String hmacWithPublicKey(JWTClaimsSet claims) throws JOSEException {
        byte[] secret = issuer.publicKey().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("stand-in-1").build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }
}
