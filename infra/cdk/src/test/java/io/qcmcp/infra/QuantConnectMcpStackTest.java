package io.qcmcp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantConnectMcpStackTest {

    private static Template template;
    private static Map<String, Map<String, Object>> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() throws Exception {
        Path asset = Files.createTempDirectory("qcmcp-asset");
        Files.writeString(asset.resolve("stub.txt"), "stands in for the Lambda jar");
        App app = new App();
        StackSettings defaults = StackSettings.from(app.getNode());
        StackSettings settings = new StackSettings(asset.toString(), defaults.runtime(), defaults.memoryMb(),
                defaults.timeoutSeconds(), defaults.architecture(), defaults.throttleRate(), defaults.throttleBurst(),
                defaults.quotaPerDay(), defaults.logRetentionDays(), defaults.allowedOrigins(), defaults.alarmEmail());
        template = Template.fromStack(QuantConnectMcpApp.createStack(app, settings));
        resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ofType(String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        resources.values().forEach(resource -> {
            if (type.equals(resource.get("Type"))) {
                found.add((Map<String, Object>) resource.get("Properties"));
            }
        });
        return found;
    }

    private static String logicalId(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).findFirst()
                .orElseThrow().getKey();
    }

    private static Map<String, Object> method(String httpMethod) {
        return ofType("AWS::ApiGateway::Method").stream().filter(m -> httpMethod.equals(m.get("HttpMethod")))
                .findFirst().orElseThrow();
    }

    @Test
    @DisplayName("The function runs the API Gateway proxy handler on java21 with 1024 MB and 30 s, SnapStart on "
            + "published versions")
    void function() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", QuantConnectMcpStack.HANDLER,
                "Runtime", "java21",
                "MemorySize", 1024,
                "Timeout", 30,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "QUANTCONNECT_SECRETS_USER_ID_NAME", "quant-connect-mcp/user-id",
                        "QUANTCONNECT_SECRETS_API_TOKEN_NAME", "quant-connect-mcp/api-token")))));
    }

    @Test
    @DisplayName("POST /mcp is a Lambda proxy to the live alias and requires an API key")
    void post() {
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        Map<String, Object> post = method("POST");
        assertEquals(true, post.get("ApiKeyRequired"));
        Map<?, ?> integration = (Map<?, ?>) post.get("Integration");
        assertEquals("AWS_PROXY", integration.get("Type"));
        assertTrue(integration.get("Uri").toString().contains(logicalId("AWS::Lambda::Alias")), "targets the alias");
    }

    @Test
    @DisplayName("GET /mcp answers 405 from a mock integration with Allow: POST, OPTIONS")
    void get() {
        Map<String, Object> get = method("GET");
        Map<?, ?> integration = (Map<?, ?>) get.get("Integration");
        assertEquals("MOCK", integration.get("Type"));
        Map<?, ?> response = (Map<?, ?>) ((List<?>) integration.get("IntegrationResponses")).get(0);
        assertEquals("405", response.get("StatusCode"));
        assertEquals("'POST, OPTIONS'", ((Map<?, ?>) response.get("ResponseParameters")).get("method.response.header.Allow"));
        assertEquals(false, get.getOrDefault("ApiKeyRequired", false));
    }

    @Test
    @DisplayName("OPTIONS /mcp answers the preflight with the headers MCP clients send")
    void options() {
        Map<?, ?> integration = (Map<?, ?>) method("OPTIONS").get("Integration");
        String headers = integration.toString();
        for (String header : List.of("content-type", "x-api-key", "mcp-protocol-version", "mcp-session-id")) {
            assertTrue(headers.contains(header), header);
        }
        assertTrue(headers.contains("POST"));
    }

    @Test
    @DisplayName("Stage prod, gzip from 1 KB, no account-wide CloudWatch role")
    void apiAndStage() {
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "prod"));
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("MinimumCompressionSize", 1024));
        template.resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    @DisplayName("An API key in a usage plan with the default throttling and daily quota")
    void usagePlan() {
        template.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
        template.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
        template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "Throttle", Map.of("RateLimit", 10, "BurstLimit", 20),
                "Quota", Map.of("Limit", 10000, "Period", "DAY")));
    }

    @Test
    @DisplayName("A missing or invalid key gives 401 and throttling 429, with JSON bodies and CORS headers")
    void gatewayResponses() {
        for (Map.Entry<String, String> expected : Map.of("INVALID_API_KEY", "401", "THROTTLED", "429",
                "QUOTA_EXCEEDED", "429").entrySet()) {
            template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                    "ResponseType", expected.getKey(),
                    "StatusCode", expected.getValue(),
                    "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp("\\{\"error\":.*")),
                    "ResponseParameters", Match.objectLike(Map.of(
                            "gatewayresponse.header.Access-Control-Allow-Origin", "'*'"))));
        }
    }

    @Test
    @DisplayName("The two secrets exist with their names and no value")
    void secrets() {
        List<Map<String, Object>> secrets = ofType("AWS::SecretsManager::Secret");
        assertEquals(List.of("quant-connect-mcp/api-token", "quant-connect-mcp/user-id"),
                secrets.stream().map(s -> (String) s.get("Name")).sorted().toList());
        for (Map<String, Object> secret : secrets) {
            assertFalse(secret.containsKey("SecretString") || secret.containsKey("GenerateSecretString"), secret.toString());
        }
    }

    @Test
    @DisplayName("Least privilege: only the function role reads exactly the two secrets; no * action or resource")
    @SuppressWarnings("unchecked")
    void leastPrivilege() {
        List<String> secretIds = resources.entrySet().stream()
                .filter(e -> "AWS::SecretsManager::Secret".equals(e.getValue().get("Type"))).map(Map.Entry::getKey)
                .sorted().toList();
        int secretStatements = 0;
        for (Map<String, Object> policy : ofType("AWS::IAM::Policy")) {
            for (Map<String, Object> statement : (List<Map<String, Object>>) ((Map<String, Object>) policy
                    .get("PolicyDocument")).get("Statement")) {
                String actions = String.valueOf(statement.get("Action"));
                String resourcesText = String.valueOf(statement.get("Resource"));
                assertFalse(actions.equals("*") || actions.contains("\"*\"") || actions.matches(".*[:,\\[ ]\\*[],]?.*"),
                        "broad action " + actions);
                assertFalse(resourcesText.equals("*") || resourcesText.contains(", *") || resourcesText.startsWith("[*"),
                        "broad resource " + resourcesText);
                if (actions.contains("secretsmanager")) {
                    secretStatements++;
                    assertEquals("secretsmanager:GetSecretValue", statement.get("Action"));
                    List<String> refs = ((List<Map<String, String>>) statement.get("Resource")).stream()
                            .map(r -> r.get("Ref")).sorted().toList();
                    assertEquals(secretIds, refs);
                }
            }
        }
        assertEquals(1, secretStatements);
        for (Map<String, Object> role : ofType("AWS::IAM::Role")) {
            assertFalse(role.containsKey("ManagedPolicyArns"), "no managed policies: " + role.get("ManagedPolicyArns"));
        }
    }

    @Test
    @DisplayName("The function's log group keeps logs 30 days")
    void logRetention() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    @DisplayName("Alarms on error rate over 5%, p99 duration over 25 s, throttles and API 5XX")
    void alarms() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 5,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression",
                        Match.stringLikeRegexp(".*100 \\* errors / invocations.*")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 25000, "ExtendedStatistic", "p99",
                "MetricName", "Duration"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles", "Threshold", 0));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "5XXError", "Threshold", 0));
    }

    @Test
    @DisplayName("Outputs give the MCP URL and the API key id")
    void outputs() {
        template.hasOutput("McpUrl", Match.anyValue());
        template.hasOutput("ApiKeyId", Match.anyValue());
    }
}
