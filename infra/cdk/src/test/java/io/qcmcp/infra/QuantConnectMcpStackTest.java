package io.qcmcp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack with every setting at its default. */
class QuantConnectMcpStackTest {

    /** The key's logical id in the stack as first released (construct path QuantConnectMcp/Api/ApiKey). */
    private static final String KEY_ID_OF_EARLIER_VERSIONS = "ApiApiKey8A01341B";
    private static Synthesized stack;

    @BeforeAll
    static void synthesize() {
        stack = new Synthesized(Map.of());
    }

    @Test
    @DisplayName("The function runs the API Gateway proxy handler on java21 with 512 MB and 30 s, SnapStart on "
            + "published versions, C1 only")
    void function() {
        stack.template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", QuantConnectMcpStack.HANDLER,
                "Runtime", "java21",
                "MemorySize", 512,
                "Timeout", 30,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        assertEquals(Map.of(
                "QUANTCONNECT_SECRETS_USER_ID_NAME", "quant-connect-mcp/user-id",
                "QUANTCONNECT_SECRETS_API_TOKEN_NAME", "quant-connect-mcp/api-token",
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"), stack.environment(),
                "no MCP_ALLOWED_ORIGINS by default: the function keeps its localhost-only default");
        Map<String, Object> function = stack.one("AWS::Lambda::Function");
        assertFalse(function.containsKey("ReservedConcurrentExecutions"));
        assertFalse(function.containsKey("VpcConfig"));
        assertFalse(function.containsKey("KmsKeyArn"));
        assertFalse(function.containsKey("TracingConfig") && String.valueOf(function.get("TracingConfig")).contains("Active"));
    }

    @Test
    @DisplayName("POST /mcp is a Lambda proxy to the live alias and requires an API key")
    void post() {
        stack.template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        Map<String, Object> post = stack.method("POST");
        assertEquals(true, post.get("ApiKeyRequired"));
        Map<?, ?> integration = (Map<?, ?>) post.get("Integration");
        assertEquals("AWS_PROXY", integration.get("Type"));
        assertTrue(integration.get("Uri").toString().contains(stack.logicalId("AWS::Lambda::Alias")), "targets the alias");
    }

    @Test
    @DisplayName("OPTIONS /mcp goes to the function without a key, so the preflight and the POST share one Origin "
            + "check and one header list")
    void options() {
        Map<String, Object> options = stack.method("OPTIONS");
        assertEquals(false, options.getOrDefault("ApiKeyRequired", false));
        Map<?, ?> integration = (Map<?, ?>) options.get("Integration");
        assertEquals("AWS_PROXY", integration.get("Type"));
        assertTrue(integration.get("Uri").toString().contains(stack.logicalId("AWS::Lambda::Alias")));
        assertEquals(3, stack.ofType("AWS::ApiGateway::Method").size(), "POST, OPTIONS and GET only");
    }

    @Test
    @DisplayName("GET /mcp answers 405 from a mock integration with Allow: POST, OPTIONS")
    void get() {
        Map<String, Object> get = stack.method("GET");
        Map<?, ?> integration = (Map<?, ?>) get.get("Integration");
        assertEquals("MOCK", integration.get("Type"));
        Map<?, ?> response = (Map<?, ?>) ((List<?>) integration.get("IntegrationResponses")).get(0);
        assertEquals("405", response.get("StatusCode"));
        assertEquals("'POST, OPTIONS'", ((Map<?, ?>) response.get("ResponseParameters")).get("method.response.header.Allow"));
        assertEquals(false, get.getOrDefault("ApiKeyRequired", false));
    }

    @Test
    @DisplayName("A regional endpoint, stage prod without access logs or tracing, gzip from 1 KB, no account-wide "
            + "CloudWatch role")
    void apiAndStage() {
        stack.template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("MinimumCompressionSize", 1024,
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
        Map<String, Object> stage = stack.one("AWS::ApiGateway::Stage");
        assertEquals("prod", stage.get("StageName"));
        assertFalse(stage.containsKey("AccessLogSetting"));
        assertEquals(false, stage.getOrDefault("TracingEnabled", false));
        stack.template.resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    @DisplayName("One API key in a usage plan with the default throttling and daily quota")
    void usagePlan() {
        stack.template.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
        stack.template.hasResourceProperties("AWS::ApiGateway::ApiKey", Map.of("Name", "quant-connect-mcp"));
        assertEquals(KEY_ID_OF_EARLIER_VERSIONS, stack.logicalId("AWS::ApiGateway::ApiKey"),
                "the same logical id as before, so an update keeps the key");
        stack.template.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
        stack.template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "Throttle", Map.of("RateLimit", 10, "BurstLimit", 20),
                "Quota", Map.of("Limit", 10000, "Period", "DAY")));
    }

    @Test
    @DisplayName("A missing or invalid key gives 401 and throttling 429, with JSON bodies readable from browsers")
    void gatewayResponses() {
        for (Map.Entry<String, String> expected : Map.of("INVALID_API_KEY", "401", "THROTTLED", "429",
                "QUOTA_EXCEEDED", "429").entrySet()) {
            stack.template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                    "ResponseType", expected.getKey(),
                    "StatusCode", expected.getValue(),
                    "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp("\\{\"error\":.*")),
                    "ResponseParameters", Match.objectLike(Map.of(
                            "gatewayresponse.header.Access-Control-Allow-Origin", "'*'"))));
        }
    }

    @Test
    @DisplayName("The secrets are not stack resources: destroy keeps them and the next deploy reads them by name")
    void secretsOutsideTheStack() {
        stack.template.resourceCountIs("AWS::SecretsManager::Secret", 0);
    }

    @Test
    @DisplayName("Least privilege: the role writes its own log group and reads exactly the two named secrets; no * "
            + "action or resource, no managed policy")
    void leastPrivilege() {
        int secretStatements = 0;
        for (Map<String, Object> statement : stack.statements()) {
            for (String action : Synthesized.strings(statement.get("Action"))) {
                assertFalse(action.equals("*") || action.endsWith(":*"), "broad action " + action);
            }
            for (String resource : Synthesized.strings(statement.get("Resource"))) {
                assertFalse(resource.equals("*"), "broad resource in " + statement);
            }
            if (String.valueOf(statement.get("Action")).contains("secretsmanager")) {
                secretStatements++;
                assertEquals("secretsmanager:GetSecretValue", statement.get("Action"));
                String resources = String.valueOf(statement.get("Resource"));
                assertEquals(2, Synthesized.strings(statement.get("Resource")).size());
                assertTrue(resources.contains(":secret:quant-connect-mcp/user-id-??????"), resources);
                assertTrue(resources.contains(":secret:quant-connect-mcp/api-token-??????"), resources);
            }
        }
        assertEquals(1, secretStatements);
        for (Map<String, Object> role : stack.ofType("AWS::IAM::Role")) {
            assertFalse(role.containsKey("ManagedPolicyArns"), "no managed policies: " + role.get("ManagedPolicyArns"));
        }
    }

    @Test
    @DisplayName("The function's log group keeps logs 30 days")
    void logRetention() {
        stack.template.resourceCountIs("AWS::Logs::LogGroup", 1);
        stack.template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    @DisplayName("Alarms: 5XX answers over 5%, p99 over 25 s, memory over 80%, invocations over 3000 an hour, "
            + "throttles, any 5XX")
    void alarms() {
        stack.template.resourceCountIs("AWS::CloudWatch::Alarm", 6);
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "5XXError",
                "Namespace", "AWS/ApiGateway", "Statistic", "Average", "Threshold", 0.05));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 25000,
                "ExtendedStatistic", "p99", "MetricName", "Duration"));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "MemoryUtilization",
                "Namespace", QuantConnectMcpStack.METRICS_NAMESPACE, "Statistic", "Maximum", "Threshold", 80,
                "Dimensions", List.of(Map.of("Name", "FunctionName",
                        "Value", Map.of("Ref", stack.logicalId("AWS::Lambda::Function"))))));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Invocations",
                "Statistic", "Sum", "Period", 3600, "Threshold", 3000));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles", "Threshold", 0));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "5XXError",
                "Statistic", "Sum", "Threshold", 0));
        stack.template.resourceCountIs("AWS::SNS::Topic", 0);
    }

    @Test
    @DisplayName("Outputs give the MCP URL and the API key id")
    void outputs() {
        stack.template.hasOutput("McpUrl", Match.anyValue());
        stack.template.hasOutput("ApiKeyId", Match.anyValue());
    }
}
