package io.qcmcp.app.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.StandInIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth through the Lambda handler, fed API Gateway v1 events as the stack's two paths send them: /mcp, where API
 * Gateway checked a key (identity.apiKey), and /oauth/mcp, where it checked nothing and the token must carry this
 * resource's URL, taken from the request context (domain and path), never from a header. Then a key-only
 * deployment: it advertises no OAuth at all.
 */
class OAuthOnLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "abc123.execute-api.eu-west-1.amazonaws.com";
    private static final String RESOURCE = "https://" + DOMAIN + "/prod/oauth/mcp";
    private static final String READ_ACCOUNT = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}";

    private static FakeQuantConnect quantConnect;
    private static StandInIssuer issuer;
    private static LambdaHandler handler;

    @BeforeAll
    static void start() {
        quantConnect = new FakeQuantConnect();
        issuer = new StandInIssuer();
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.oauth.issuer", issuer.issuer());
        handler = new LambdaHandler(properties);
    }

    @AfterAll
    static void stop() {
        handler.close();
        issuer.close();
        quantConnect.close();
    }

    @BeforeEach
    void forget() {
        quantConnect.reset();
        quantConnect.answer("/account/read", "{}", qc("read_account.json"));
    }

    /** An event as API Gateway sends it for {@code resourcePath} on stage prod of its own host. */
    private static APIGatewayProxyRequestEvent event(String method, String resourcePath, Map<String, String> headers,
                                                     String body, String apiKey) {
        APIGatewayProxyRequestEvent event = LambdaHandler.event(method, headers, body)
                .withPath(resourcePath).withResource(resourcePath);
        event.getRequestContext().withDomainName(DOMAIN).withPath("/prod" + resourcePath)
                .withResourcePath(resourcePath).getIdentity().withApiKey(apiKey);
        return event;
    }

    private static Map<String, String> json(String token) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream"));
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    @Test
    @DisplayName("/oauth/mcp: a token for this resource's URL (from the request context) passes; without one, 401 "
            + "names the metadata under the stage, which answers there")
    void oauthPath() throws Exception {
        APIGatewayProxyResponseEvent none = handler.handle(event("POST", "/oauth/mcp", json(null), READ_ACCOUNT, null));
        assertEquals(401, none.getStatusCode());
        String metadataUrl = "https://" + DOMAIN + "/prod/.well-known/oauth-protected-resource/oauth/mcp";
        assertTrue(header(none, "WWW-Authenticate").startsWith("Bearer resource_metadata=\"" + metadataUrl + "\""),
                header(none, "WWW-Authenticate"));

        APIGatewayProxyResponseEvent document = handler.handle(event("GET",
                "/.well-known/oauth-protected-resource/oauth/mcp", Map.of(), null, null));
        assertEquals(200, document.getStatusCode(), document.getBody());
        JsonNode metadata = JSON.readTree(document.getBody());
        assertEquals(RESOURCE, metadata.get("resource").asText());
        assertEquals("https://" + DOMAIN + "/prod", metadata.at("/authorization_servers/0").asText());
        APIGatewayProxyResponseEvent own = handler.handle(event("GET", "/.well-known/openid-configuration", Map.of(),
                null, null));
        assertEquals(200, own.getStatusCode(), own.getBody());
        assertEquals("https://" + DOMAIN + "/prod", JSON.readTree(own.getBody()).get("issuer").asText(),
                "the issuer a client expects at <issuer>/.well-known/openid-configuration");

        String token = issuer.sign(issuer.claims(RESOURCE, "quantconnect.read").build());
        APIGatewayProxyResponseEvent call = handler.handle(event("POST", "/oauth/mcp", json(token), READ_ACCOUNT, null));
        assertEquals(200, call.getStatusCode(), call.getBody());
        assertFalse(JSON.readTree(call.getBody()).at("/result/isError").asBoolean(), call.getBody());
        assertEquals(1, quantConnect.requests("/account/read").size());

        String forTheKeyPath = issuer.sign(issuer.claims("https://" + DOMAIN + "/prod/mcp", "quantconnect.read")
                .claim("client_id", null).build());
        Map<String, String> spoofed = json(forTheKeyPath);
        spoofed.put("Host", "evil.example.com");
        assertEquals(401, handler.handle(event("POST", "/oauth/mcp", spoofed, READ_ACCOUNT, null)).getStatusCode(),
                "a token for another URL of the same issuer does not pass here, whatever the Host header says");
        assertEquals(1, quantConnect.requests("/account/read").size());
    }

    @Test
    @DisplayName("/mcp: the key API Gateway checked is enough, with OAuth on as well")
    void keyPath() throws Exception {
        APIGatewayProxyResponseEvent call = handler.handle(event("POST", "/mcp", json(null), READ_ACCOUNT, "gateway-key"));
        assertEquals(200, call.getStatusCode(), call.getBody());
        assertFalse(JSON.readTree(call.getBody()).at("/result/isError").asBoolean());
    }

    @Test
    @DisplayName("A key-only deployment advertises no OAuth: its 401 has no WWW-Authenticate and the documents are 404")
    void keyOnlyAdvertisesNothing() {
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.api-key", "local-key-1");
        try (LocalServer keyOnly = new LocalServer(properties)) {
            McpHttp.Reply refused = keyOnly.post(READ_ACCOUNT);
            assertEquals(401, refused.status());
            assertNull(refused.header("WWW-Authenticate"));
            assertTrue(refused.body().contains("x-api-key"));
            assertEquals(404, get(keyOnly, "/.well-known/oauth-protected-resource"));
            assertEquals(404, get(keyOnly, "/.well-known/oauth-protected-resource/mcp"));
            assertEquals(404, get(keyOnly, "/.well-known/oauth-authorization-server"));
        }
    }

    @Test
    @DisplayName("Both ways in on one URL: the local API key and a token are each accepted")
    void keyAndToken() throws Exception {
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.putAll(issuer.properties("http://127.0.0.1:1/mcp"));
        properties.put("mcp.api-key", "local-key-1");
        try (LocalServer both = new LocalServer(properties)) {
            Map<String, String> headers = new HashMap<>(json(null));
            headers.put("x-api-key", "local-key-1");
            McpHttp.Reply withKey = both.send("POST", headers, READ_ACCOUNT);
            assertEquals(200, withKey.status(), withKey.body());
            String token = issuer.sign(issuer.claims("http://127.0.0.1:1/mcp", "quantconnect.read").build());
            McpHttp.Reply withToken = both.send("POST", json(token), READ_ACCOUNT);
            assertEquals(200, withToken.status(), withToken.body());
            McpHttp.Reply neither = both.send("POST", json(null), READ_ACCOUNT);
            assertEquals(401, neither.status());
            assertTrue(neither.body().contains("x-api-key") && neither.body().contains("Bearer"), neither.body());
        }
    }

    private static int get(LocalServer server, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    server.uri().resolve(path)).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(APIGatewayProxyResponseEvent response, String name) {
        if (response.getHeaders() != null) {
            for (Map.Entry<String, String> header : response.getHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (Map.Entry<String, java.util.List<String>> header : response.getMultiValueHeaders().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", header.getValue());
                }
            }
        }
        return null;
    }
}
