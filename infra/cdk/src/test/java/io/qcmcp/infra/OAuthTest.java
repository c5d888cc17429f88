package io.qcmcp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAuth beside the API key: oauth=cognito, oauthIssuer, the custom domain, and what stays as it was. */
class OAuthTest {

    static final Map<String, Object> ISSUER = Map.of("oauthIssuer", "https://issuer.example.com/");
    static final Map<String, Object> COGNITO_WITH_DOMAIN = Map.of("oauth", "cognito",
            "domainName", "mcp.example.com",
            "certificateArn", "arn:aws:acm:eu-west-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab");
    /** The types whose replacement or change would lose state or break the API-key clients. */
    private static final Set<String> KEPT = Set.of("AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlan",
            "AWS::ApiGateway::UsagePlanKey", "AWS::ApiGateway::RestApi", "AWS::Logs::LogGroup",
            "AWS::ApiGateway::Stage", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method",
            "AWS::Lambda::Alias", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::SNS::Topic");
    private static Synthesized cognito;

    @BeforeAll
    static void synthesize() {
        cognito = new Synthesized(Map.of("oauth", "cognito"));
    }

    @Test
    @DisplayName("oauth=cognito: a user pool where only an administrator adds people, TOTP MFA required, threat "
            + "protection enforced, a strong password policy, e-mail recovery, kept on destroy and protected from deletion")
    void userPool() {
        Map<String, Object> pool = cognito.one("AWS::Cognito::UserPool");
        assertEquals(Map.of("AllowAdminCreateUserOnly", true), without(pool.get("AdminCreateUserConfig"), "InviteMessageTemplate"));
        assertEquals("ON", pool.get("MfaConfiguration"));
        assertEquals(List.of("SOFTWARE_TOKEN_MFA"), pool.get("EnabledMfas"));
        Map<?, ?> password = (Map<?, ?>) ((Map<?, ?>) pool.get("Policies")).get("PasswordPolicy");
        assertEquals(12, password.get("MinimumLength"));
        for (String required : List.of("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")) {
            assertEquals(true, password.get(required), required);
        }
        assertEquals("ACTIVE", pool.get("DeletionProtection"));
        assertEquals("PLUS", pool.get("UserPoolTier"));
        assertEquals(Map.of("AdvancedSecurityMode", "ENFORCED"), pool.get("UserPoolAddOns"), "threat protection");
        assertEquals("quant-connect-mcp", pool.get("UserPoolName"));
        Map<String, Object> resource = cognito.resources.get(logicalId(cognito, "AWS::Cognito::UserPool"));
        assertEquals("Retain", resource.get("DeletionPolicy"));
        assertEquals("Retain", resource.get("UpdateReplacePolicy"));
    }

    @Test
    @DisplayName("oauth=cognito: a managed login domain whose prefix is the stack's resource name and the account, "
            + "and a resource server quant-connect-mcp with the three scopes")
    void domainAndScopes() {
        Map<String, Object> domain = cognito.one("AWS::Cognito::UserPoolDomain");
        assertEquals(Map.of("Fn::Join", List.of("-", List.of("quant-connect-mcp", Map.of("Ref", "AWS::AccountId")))),
                domain.get("Domain"));
        Map<String, Object> server = cognito.one("AWS::Cognito::UserPoolResourceServer");
        assertEquals("quant-connect-mcp", server.get("Identifier"));
        assertEquals(List.of("quantconnect.read", "quantconnect.write", "quantconnect.live"),
                ((List<?>) server.get("Scopes")).stream().map(s -> ((Map<?, ?>) s).get("ScopeName")).toList());
    }

    @Test
    @DisplayName("oauth=cognito: app clients for Claude and ChatGPT (with a secret) and the local clients (public), "
            + "each with its exact callbacks, the authorization code grant only and the three scopes")
    void clients() {
        List<Map<String, Object>> clients = cognito.ofType("AWS::Cognito::UserPoolClient");
        assertEquals(3, clients.size());
        Map<String, Map<String, Object>> byName = new HashMap<>();
        clients.forEach(client -> byName.put(String.valueOf(client.get("ClientName")), client));
        assertEquals(Set.of("claude", "chatgpt", "local"), byName.keySet());
        assertEquals(List.of("https://claude.ai/api/mcp/auth_callback", "https://claude.com/api/mcp/auth_callback"),
                byName.get("claude").get("CallbackURLs"));
        assertEquals(List.of("https://chatgpt.com/connector_platform_oauth_redirect"),
                byName.get("chatgpt").get("CallbackURLs"));
        assertEquals(CognitoIssuer.LOCAL_CALLBACKS, byName.get("local").get("CallbackURLs"));
        assertEquals(true, byName.get("claude").get("GenerateSecret"));
        assertEquals(true, byName.get("chatgpt").get("GenerateSecret"));
        assertEquals(false, byName.get("local").getOrDefault("GenerateSecret", false));
        for (Map<String, Object> client : clients) {
            assertEquals(List.of("code"), client.get("AllowedOAuthFlows"), "no implicit grant, no client credentials");
            assertEquals(true, client.get("AllowedOAuthFlowsUserPoolClient"));
            assertEquals(List.of("COGNITO"), client.get("SupportedIdentityProviders"));
            assertEquals("ENABLED", client.get("PreventUserExistenceErrors"));
            assertEquals(true, client.get("EnableTokenRevocation"));
            List<String> explicit = Synthesized.strings(client.getOrDefault("ExplicitAuthFlows", List.of()));
            assertTrue(explicit.stream().allMatch("ALLOW_REFRESH_TOKEN_AUTH"::equals),
                    "no password, SRP or custom sign-in through the API: " + explicit);
            String scopes = String.valueOf(client.get("AllowedOAuthScopes"));
            for (String scope : CognitoIssuer.SCOPES) {
                assertTrue(scopes.contains("/" + scope), scopes);
            }
        }
    }

    @Test
    @DisplayName("oauth=cognito: the function gets the pool as issuer, the clients' ids as audiences and the "
            + "resource server as scope prefix; no MCP_RESOURCE_URL without a custom domain; its role is unchanged")
    void cognitoEnvironment() {
        Map<String, Object> environment = cognito.environment();
        assertEquals(Map.of("Fn::GetAtt", List.of(logicalId(cognito, "AWS::Cognito::UserPool"), "ProviderURL")),
                environment.get("MCP_OAUTH_ISSUER"));
        String audience = String.valueOf(environment.get("MCP_OAUTH_AUDIENCE"));
        cognito.resources.forEach((id, resource) -> {
            if ("AWS::Cognito::UserPoolClient".equals(resource.get("Type"))) {
                assertTrue(audience.contains("Ref=" + id), audience);
            }
        });
        assertEquals("quant-connect-mcp", environment.get("MCP_OAUTH_SCOPE_PREFIX"));
        assertFalse(environment.containsKey("MCP_RESOURCE_URL"));
        assertEquals(new Synthesized(Map.of()).statements(), cognito.statements(),
                "the function needs no Cognito permission: it reads the public JWKS");
    }

    @Test
    @DisplayName("oauth=cognito: the outputs name each client's id and the command that reads a secret; no "
            + "secret value is in the template")
    void outputsHoldNoSecret() {
        Map<?, ?> outputs = (Map<?, ?>) cognito.template.toJSON().get("Outputs");
        for (String name : List.of("UserPoolId", "OAuthIssuer", "OAuthSignInUrl", "ClaudeClientId", "ChatGptClientId",
                "LocalClientId", "ClaudeClientSecret", "ChatGptClientSecret", "McpOAuthUrl")) {
            assertNotNull(outputs.get(name), name);
        }
        assertTrue(String.valueOf(outputs.get("ClaudeClientSecret")).contains(
                "aws cognito-idp describe-user-pool-client --user-pool-id "));
        String all = String.valueOf(cognito.template.toJSON());
        assertFalse(all.contains("ClientSecret\""), "no GetAtt of a client secret");
        assertFalse(all.contains("Custom::"), "no custom resource that would read a secret");
        assertFalse(all.contains(", ClientSecret]"), "no GetAtt of a client secret");
    }

    @Test
    @DisplayName("OAuth on: POST and OPTIONS /oauth/mcp reach the live alias without an API key, GET and the other "
            + "methods answer 405; GET on the two well-known documents, bare and with a path, reach it without a "
            + "key; the API-key path /mcp keeps its four methods")
    void routes() {
        assertOAuthRoutes(cognito);
        assertOAuthRoutes(new Synthesized(ISSUER));
    }

    private static void assertOAuthRoutes(Synthesized stack) {
        Map<String, String> paths = resourcePaths(stack);
        assertTrue(paths.values().containsAll(List.of("/mcp", "/oauth", "/oauth/mcp", "/.well-known",
                "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/{proxy+}",
                "/.well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server/{proxy+}")),
                String.valueOf(paths.values()));
        Map<String, String> methods = new HashMap<>();
        String alias = stack.logicalId("AWS::Lambda::Alias");
        for (Map<String, Object> method : stack.ofType("AWS::ApiGateway::Method")) {
            String path = paths.get(String.valueOf(((Map<?, ?>) method.get("ResourceId")).get("Ref")));
            Map<?, ?> integration = (Map<?, ?>) method.get("Integration");
            String target = "MOCK".equals(integration.get("Type")) ? "mock"
                    : integration.get("Uri").toString().contains(alias) ? "function" : "?";
            methods.put(method.get("HttpMethod") + " " + path, target + (Boolean.TRUE.equals(
                    method.get("ApiKeyRequired")) ? " with key" : ""));
        }
        assertEquals(Map.ofEntries(
                Map.entry("POST /mcp", "function with key"), Map.entry("OPTIONS /mcp", "function"),
                Map.entry("GET /mcp", "mock"), Map.entry("ANY /mcp", "mock"),
                Map.entry("POST /oauth/mcp", "function"), Map.entry("OPTIONS /oauth/mcp", "function"),
                Map.entry("GET /oauth/mcp", "mock"), Map.entry("ANY /oauth/mcp", "mock"),
                Map.entry("GET /.well-known/oauth-protected-resource", "function"),
                Map.entry("GET /.well-known/oauth-protected-resource/{proxy+}", "function"),
                Map.entry("GET /.well-known/oauth-authorization-server", "function"),
                Map.entry("GET /.well-known/oauth-authorization-server/{proxy+}", "function")), methods);
        String permissions = String.valueOf(stack.ofType("AWS::Lambda::Permission"));
        assertFalse(permissions.contains("test-invoke-stage/POST/oauth"), "the new methods: no console test invoke");
    }

    @Test
    @DisplayName("OAuth on: POST /oauth/mcp has its own method throttle (10/20 by default, oauthThrottleRate/Burst) "
            + "beside the stage's; gateway responses expose WWW-Authenticate to browsers")
    void throttleAndCors() {
        Synthesized tuned = new Synthesized(Map.of("oauth", "cognito", "oauthThrottleRate", "3",
                "oauthThrottleBurst", "6"));
        for (Synthesized stack : List.of(cognito, tuned)) {
            List<?> settings = (List<?>) stack.one("AWS::ApiGateway::Stage").get("MethodSettings");
            assertEquals(2, settings.size());
            Map<?, ?> oauth = settings.stream().map(s -> (Map<?, ?>) s)
                    .filter(s -> "/~1oauth~1mcp".equals(s.get("ResourcePath"))).findFirst().orElseThrow();
            assertEquals("POST", oauth.get("HttpMethod"));
            assertEquals(stack == cognito ? 10 : 3, ((Number) oauth.get("ThrottlingRateLimit")).intValue());
            assertEquals(stack == cognito ? 20 : 6, oauth.get("ThrottlingBurstLimit"));
        }
        for (Map<String, Object> response : cognito.ofType("AWS::ApiGateway::GatewayResponse")) {
            assertEquals("'WWW-Authenticate'", ((Map<?, ?>) response.get("ResponseParameters"))
                    .get("gatewayresponse.header.Access-Control-Expose-Headers"), String.valueOf(response));
        }
    }

    @Test
    @DisplayName("oauthIssuer: the function gets the issuer (and oauthAudience, oauthScopePrefix when set); no "
            + "Cognito resource is created")
    void issuer() {
        Synthesized bare = new Synthesized(ISSUER);
        assertEquals("https://issuer.example.com/", bare.environment().get("MCP_OAUTH_ISSUER"));
        assertFalse(bare.environment().containsKey("MCP_OAUTH_AUDIENCE"));
        assertFalse(bare.environment().containsKey("MCP_OAUTH_SCOPE_PREFIX"));
        assertFalse(String.valueOf(bare.resources).contains("AWS::Cognito::"));
        Synthesized full = new Synthesized(Map.of("oauthIssuer", "https://example.okta.com/oauth2/default",
                "oauthAudience", "api://quant-connect-mcp, 0oa1b2c3", "oauthScopePrefix", "api://qc/"));
        assertEquals("api://quant-connect-mcp,0oa1b2c3", full.environment().get("MCP_OAUTH_AUDIENCE"));
        assertEquals("api://qc/", full.environment().get("MCP_OAUTH_SCOPE_PREFIX"));
        full.template.hasOutput("McpOAuthUrl", Map.of());
    }

    @Test
    @DisplayName("A custom domain: a regional domain name with the certificate and TLS 1.2, its root mapped to the "
            + "stage; with OAuth it sets MCP_RESOURCE_URL and the OAuth URL output, without OAuth neither")
    void customDomain() {
        Synthesized stack = new Synthesized(COGNITO_WITH_DOMAIN);
        Map<String, Object> domain = stack.one("AWS::ApiGateway::DomainName");
        assertEquals("mcp.example.com", domain.get("DomainName"));
        assertEquals(COGNITO_WITH_DOMAIN.get("certificateArn"), domain.get("RegionalCertificateArn"));
        assertEquals(Map.of("Types", List.of("REGIONAL")), domain.get("EndpointConfiguration"));
        assertEquals("TLS_1_2", domain.get("SecurityPolicy"));
        Map<String, Object> mapping = stack.one("AWS::ApiGateway::BasePathMapping");
        assertFalse(mapping.containsKey("BasePath") && !"".equals(mapping.get("BasePath")), "the host root");
        assertEquals("https://mcp.example.com/oauth/mcp", stack.environment().get("MCP_RESOURCE_URL"));
        stack.template.hasOutput("McpOAuthUrl", Map.of("Value", "https://mcp.example.com/oauth/mcp"));
        stack.template.hasOutput("CustomDomainTarget", Map.of());

        Synthesized keyOnly = new Synthesized(Map.of("domainName", "mcp.example.com",
                "certificateArn", COGNITO_WITH_DOMAIN.get("certificateArn")));
        keyOnly.template.resourceCountIs("AWS::ApiGateway::BasePathMapping", 1);
        assertFalse(keyOnly.environment().containsKey("MCP_RESOURCE_URL"));
        assertTrue(keyOnly.template.findOutputs("McpOAuthUrl", Map.of()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"defaults", "production"})
    @DisplayName("Turning OAuth on (cognito and a custom domain) in an existing deployment replaces nothing it had: "
            + "every resource keeps its logical id and type, and the keys, usage plan, API, log groups, /mcp's "
            + "methods, the function's role and policy keep their properties (the stage gains one method setting)")
    void existingDeploymentKeepsItsResources(String baseline) throws IOException {
        Map<String, Object> settings = new HashMap<>(baseline.equals("defaults") ? Map.of()
                : ProductionSettingsTest.SETTINGS);
        settings.putAll(COGNITO_WITH_DOMAIN);
        Map<?, ?> before = (Map<?, ?>) WithoutOAuthTest.normalized(WithoutOAuthTest.recorded(baseline).get("Resources"));
        Map<?, ?> after = (Map<?, ?>) WithoutOAuthTest.normalized(new Synthesized(settings).template.toJSON()
                .get("Resources"));
        before.forEach((id, old) -> {
            String type = String.valueOf(((Map<?, ?>) old).get("Type"));
            if (type.equals("AWS::ApiGateway::Deployment") || type.equals("AWS::Lambda::Version")) {
                return; // replaced on every release: they hold no state
            }
            Map<?, ?> now = (Map<?, ?>) after.get(id);
            assertNotNull(now, "OAuth would remove or rename " + id);
            assertEquals((Object) type, now.get("Type"), String.valueOf(id));
            if (KEPT.contains(type)) {
                Map<String, Object> oldProperties = withoutDeployment(((Map<?, ?>) old).get("Properties"));
                Map<String, Object> newProperties = withoutDeployment(now.get("Properties"));
                if (type.equals("AWS::ApiGateway::Stage")) {
                    List<?> oldSettings = (List<?>) oldProperties.remove("MethodSettings");
                    List<?> newSettings = (List<?>) newProperties.remove("MethodSettings");
                    assertTrue(newSettings.containsAll(oldSettings), "the stage keeps its throttle");
                }
                assertEquals(oldProperties, newProperties, "OAuth changes " + id);
            }
        });
    }

    @Test
    @DisplayName("oauth=cognito and oauthIssuer exclude each other; a wrong OAuth or domain setting stops synth "
            + "with a message naming it")
    void refused() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(
                "oauth", "cognito", "oauthIssuer", "https://issuer.example.com/")));
        assertTrue(both.getMessage().contains("oauth=cognito and oauthIssuer exclude each other"), both.getMessage());
        Map<String, Map<String, Object>> wrong = Map.of(
                "oauth", Map.of("oauth", "okta"),
                "oauthIssuer", Map.of("oauthIssuer", "http://issuer.example.com/"),
                "oauthAudience", Map.of("oauthAudience", "api://x"),
                "oauthScopePrefix", Map.of("oauth", "cognito", "oauthScopePrefix", "x/"),
                "oauthThrottleRate", Map.of("oauth", "cognito", "oauthThrottleRate", "0"),
                "oauthLocalCallbackUrls", Map.of("oauth", "cognito", "oauthLocalCallbackUrls", "http://example.com/cb"),
                "domainName", Map.of("domainName", "https://mcp.example.com", "certificateArn",
                        COGNITO_WITH_DOMAIN.get("certificateArn")),
                "certificateArn", Map.of("domainName", "mcp.example.com"));
        wrong.forEach((key, context) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(context), key);
            assertTrue(e.getMessage().contains(key), e.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("oauthLocalCallbackUrls",
                "http://localhost:3118/callback")), "local callbacks need oauth=cognito");
    }

    private static StackSettings settings(Map<String, Object> context) {
        return StackSettings.from(new App(AppProps.builder().context(context).build()).getNode());
    }

    /**
     * A resource's properties without the hashes of the API deployment and the function version, which change with
     * every change of the API or the function (the alias then points to the new version, in place).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutDeployment(Object properties) {
        try {
            Object copy = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    WithoutOAuthTest.text(properties == null ? Map.of() : properties)
                            .replaceAll("(FunctionCurrentVersion[0-9A-F]{8})[0-9a-f]{32}", "$1"), Map.class);
            return (Map<String, Object>) copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> without(Object map, String key) {
        Map<String, Object> copy = new HashMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> copy.put(String.valueOf(k), v));
        copy.remove(key);
        return copy;
    }

    private static String logicalId(Synthesized stack, String type) {
        return stack.logicalId(type);
    }

    /** Each API Gateway resource's logical id to its full path. */
    private static Map<String, String> resourcePaths(Synthesized stack) {
        Map<String, String> paths = new HashMap<>();
        boolean added = true;
        while (added) {
            added = false;
            for (Map.Entry<String, Map<String, Object>> entry : stack.resources.entrySet()) {
                if (!"AWS::ApiGateway::Resource".equals(entry.getValue().get("Type"))
                        || paths.containsKey(entry.getKey())) {
                    continue;
                }
                Map<?, ?> properties = (Map<?, ?>) entry.getValue().get("Properties");
                Object parent = properties.get("ParentId");
                String parentPath = parent instanceof Map<?, ?> ref && ref.containsKey("Ref")
                        ? paths.get(String.valueOf(ref.get("Ref"))) : "";
                if (parentPath != null) {
                    paths.put(entry.getKey(), parentPath + "/" + properties.get("PathPart"));
                    added = true;
                }
            }
        }
        return paths;
    }
}
