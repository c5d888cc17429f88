package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth turned on as a user turns it on: the build runs {@code npx aws-cdk@<pinned> synth -c oauth=cognito} and
 * {@code synth -c oauthIssuer=https://issuer.example.com/} (through cdk.json, the app's main, the deployment's
 * file) into target/cdk.out.oauth-*, and this reads what they wrote.
 */
class OAuthSynthIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("synth -c oauth=cognito: a user pool, three app clients, the function's MCP_OAUTH_ISSUER, "
            + "MCP_OAUTH_AUDIENCE and MCP_OAUTH_SCOPE_PREFIX, the keyless /oauth/mcp and the client id outputs")
    void cognito() throws IOException {
        JsonNode template = template("oauth-cognito");
        assertEquals(1, ofType(template, "AWS::Cognito::UserPool").size());
        assertEquals(3, ofType(template, "AWS::Cognito::UserPoolClient").size());
        JsonNode environment = function(template).path("Properties").path("Environment").path("Variables");
        assertTrue(environment.path("MCP_OAUTH_ISSUER").path("Fn::GetAtt").path(1).asText().equals("ProviderURL"),
                environment.toString());
        assertTrue(environment.has("MCP_OAUTH_AUDIENCE"), environment.toString());
        assertEquals("quant-connect-mcp", environment.path("MCP_OAUTH_SCOPE_PREFIX").asText());
        assertFalse(environment.has("MCP_RESOURCE_URL"));
        assertOAuthPath(template);
        for (String output : List.of("ClaudeClientId", "ChatGptClientId", "LocalClientId", "ClaudeClientSecret",
                "McpOAuthUrl")) {
            assertTrue(template.path("Outputs").has(output), output);
        }
    }

    @Test
    @DisplayName("synth -c oauthIssuer=https://issuer.example.com/: the function's MCP_OAUTH_ISSUER, no Cognito "
            + "resource, the keyless /oauth/mcp")
    void issuer() throws IOException {
        JsonNode template = template("oauth-issuer");
        assertEquals("https://issuer.example.com/", function(template).path("Properties").path("Environment")
                .path("Variables").path("MCP_OAUTH_ISSUER").asText());
        assertEquals(0, ofType(template, "AWS::Cognito::UserPool").size());
        assertOAuthPath(template);
    }

    private static void assertOAuthPath(JsonNode template) {
        List<String> parts = ofType(template, "AWS::ApiGateway::Resource").stream()
                .map(r -> r.path("Properties").path("PathPart").asText()).toList();
        assertTrue(parts.containsAll(List.of("mcp", "oauth", ".well-known", "oauth-protected-resource",
                "oauth-authorization-server", "{proxy+}")), parts.toString());
        long keyless = ofType(template, "AWS::ApiGateway::Method").stream()
                .filter(m -> "POST".equals(m.path("Properties").path("HttpMethod").asText()))
                .filter(m -> !m.path("Properties").path("ApiKeyRequired").asBoolean(false)).count();
        assertEquals(1, keyless, "one keyless POST: /oauth/mcp (/mcp keeps its key)");
    }

    private static JsonNode template(String name) throws IOException {
        Path file = Path.of("target", "cdk.out." + name, "QuantConnectMcp.template.json");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file.toAbsolutePath() + " is missing: the build runs `npx aws-cdk@"
                    + System.getProperty("aws-cdk-cli.version", "<pinned>") + " synth -c ...` before this test");
        }
        return JSON.readTree(file.toFile());
    }

    private static JsonNode function(JsonNode template) {
        List<JsonNode> functions = ofType(template, "AWS::Lambda::Function");
        assertEquals(1, functions.size());
        return functions.get(0);
    }

    private static List<JsonNode> ofType(JsonNode template, String type) {
        List<JsonNode> found = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (type.equals(resource.path("Type").asText())) {
                found.add(resource);
            }
        });
        return found;
    }
}
