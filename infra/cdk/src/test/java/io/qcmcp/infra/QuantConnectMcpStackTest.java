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
        assertEquals(4, stack.ofType("AWS::ApiGateway::Method").size(), "POST, OPTIONS, GET and ANY (405) only");
    }

    @Test
    @DisplayName("GET /mcp answers 405 from a mock integration with Allow: POST, OPTIONS")
    void get() {
        assertMock405(stack.method("GET"));
    }

    private static void assertMock405(Map<String, Object> method) {
        Map<?, ?> integration = (Map<?, ?>) method.get("Integration");
        assertEquals("MOCK", integration.get("Type"));
        Map<?, ?> response = (Map<?, ?>) ((List<?>) integration.get("IntegrationResponses")).get(0);
        assertEquals("405", response.get("StatusCode"));
        assertEquals("'POST, OPTIONS'", ((Map<?, ?>) response.get("ResponseParameters")).get("method.response.header.Allow"));
        assertEquals(false, method.getOrDefault("ApiKeyRequired", false));
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
    @DisplayName("Alarms: 5XX rate over 5% of at least 20 requests, any 5XX, p99 over 25 s, function errors "
            + "(timeouts), memory over 80%, invocations over 3000 an hour, throttles, tool error rate over 25% of at "
            + "least 10 calls, any credential refusal")
    void alarms() {
        stack.template.resourceCountIs("AWS::CloudWatch::Alarm", 9);
        assertTrue(stack.template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("Statistic", "Average"))).isEmpty(), "no alarm on an average: one 5XX of one request is 100%");
        Map<String, Object> apiRate = stack.alarm("ErrorRateAlarm");
        assertEquals(0.05, ((Number) apiRate.get("Threshold")).doubleValue());
        assertEquals("IF(requests >= 20, errors / requests, 0)", Synthesized.expression(apiRate));
        assertEquals(Map.of("requests", "Count", "errors", "5XXError"), Synthesized.metricNames(apiRate));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 25000,
                "ExtendedStatistic", "p99", "MetricName", "Duration"));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Errors",
                "Namespace", "AWS/Lambda", "Statistic", "Sum", "Threshold", 0));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "MemoryUtilization",
                "Namespace", QuantConnectMcpStack.METRICS_NAMESPACE, "Statistic", "Maximum", "Threshold", 80,
                "Dimensions", List.of(Map.of("Name", "FunctionName",
                        "Value", Map.of("Ref", stack.logicalId("AWS::Lambda::Function"))))));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Invocations",
                "Statistic", "Sum", "Period", 3600, "Threshold", 3000));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Throttles", "Threshold", 0));
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "5XXError",
                "Statistic", "Sum", "Threshold", 0));
        Map<String, Object> toolRate = stack.alarm("ToolErrorRateAlarm");
        assertEquals(0.25, ((Number) toolRate.get("Threshold")).doubleValue());
        assertEquals("IF(invocations >= 10, errors / invocations, 0)", Synthesized.expression(toolRate));
        assertEquals(Map.of("invocations", "Invocations", "errors", "Errors"), Synthesized.metricNames(toolRate));
        assertTrue(String.valueOf(toolRate).contains("Namespace=" + QuantConnectMcpStack.METRICS_NAMESPACE));
        assertFalse(String.valueOf(toolRate).contains("Dimensions"), "the aggregate, over every tool");
        Map<String, Object> credentials = stack.alarm("CredentialsAlarm");
        assertEquals(0, ((Number) credentials.get("Threshold")).doubleValue());
        assertEquals("FILL(rejected, 0) + FILL(missing, 0)", Synthesized.expression(credentials));
        assertEquals(Map.of("rejected", "QuantConnect.CredentialsRejected", "missing", "QuantConnect.CredentialsMissing"),
                Synthesized.metricNames(credentials));
        stack.template.resourceCountIs("AWS::SNS::Topic", 0);
    }

    @Test
    @DisplayName("Without alarmEmail the deploy output and a synth warning say that no one is told of an alarm")
    void noAlarmRecipient() {
        String said = String.valueOf(stack.template.findOutputs("AlarmRecipient", Map.of()));
        assertTrue(said.contains("no one"), said);
        software.amazon.awscdk.assertions.Annotations.fromStack(stack.stack).hasWarning("*",
                Match.stringLikeRegexp(".*alarmEmail.*"));
    }

    @Test
    @DisplayName("Every method of the stage is throttled (20 rps, burst 40), OPTIONS included, which has no key")
    void stageThrottling() {
        Map<?, ?> setting = (Map<?, ?>) ((List<?>) stack.one("AWS::ApiGateway::Stage").get("MethodSettings")).get(0);
        assertEquals("/*", setting.get("ResourcePath"));
        assertEquals("*", setting.get("HttpMethod"));
        assertEquals(20, ((Number) setting.get("ThrottlingRateLimit")).intValue());
        assertEquals(40, setting.get("ThrottlingBurstLimit"));
    }

    @Test
    @DisplayName("DELETE, PUT, PATCH and every other method but POST, OPTIONS and GET answer 405 at the gateway, "
            + "as the local server does")
    void otherMethods() {
        assertMock405(stack.method("ANY"));
    }

    @Test
    @DisplayName("An access log line is JSON for every value, an error message (already quoted) included")
    void accessLogLineIsJson() throws Exception {
        Map<String, String> samples = Map.ofEntries(
                Map.entry("$context.requestId", "c0ffee-1"), Map.entry("$context.identity.sourceIp", "203.0.113.9"),
                Map.entry("$context.identity.apiKeyId", "abc123"),
                Map.entry("$context.requestTime", "12/Mar/2026:10:00:00 +0000"),
                Map.entry("$context.httpMethod", "POST"), Map.entry("$context.path", "/prod/mcp"),
                Map.entry("$context.status", "403"), Map.entry("$context.responseLength", "42"),
                Map.entry("$context.responseLatency", "12"), Map.entry("$context.integrationLatency", "-"),
                // API Gateway writes messageString with its quotes (and escapes inside them).
                Map.entry("$context.error.messageString", "\"Missing \\\"Authentication\\\" Token\""));
        String line = QuantConnectMcpStack.ACCESS_LOG_FORMAT;
        List<String> variables = java.util.regex.Pattern.compile("\\$context\\.[A-Za-z.]+").matcher(line).results()
                .map(java.util.regex.MatchResult::group).toList();
        for (String variable : variables.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            assertTrue(samples.containsKey(variable), "a sample for " + variable);
            line = line.replace(variable, samples.get(variable));
        }
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        assertEquals("Missing \"Authentication\" Token", parsed.get("error").asText());
        assertEquals("abc123", parsed.get("apiKeyId").asText());
    }

    @Test
    @DisplayName("The function's log group name is an output, for aws logs tail")
    void logGroupOutput() {
        stack.template.hasOutput("LogGroupName", Map.of("Value",
                Map.of("Ref", stack.logicalId("AWS::Logs::LogGroup"))));
    }

    @Test
    @DisplayName("The stack's metrics namespace is the app's, and every metric its alarms watch there is one the app "
            + "writes")
    void metricsAreTheAppsMetrics() throws Exception {
        String observer = java.nio.file.Files.readString(java.nio.file.Path.of(
                "../../app/src/main/java/io/qcmcp/app/observability/RequestObserver.java"));
        java.util.regex.Matcher namespace = java.util.regex.Pattern
                .compile("static final String NAMESPACE = \"([^\"]+)\";").matcher(observer);
        assertTrue(namespace.find(), "RequestObserver.NAMESPACE");
        assertEquals(namespace.group(1), QuantConnectMcpStack.METRICS_NAMESPACE);
        List<String> names = new java.util.ArrayList<>();
        Synthesized.walk(stack.ofType("AWS::CloudWatch::Alarm"), map -> {
            if (QuantConnectMcpStack.METRICS_NAMESPACE.equals(map.get("Namespace"))) {
                names.add(String.valueOf(map.get("MetricName")));
            }
        });
        assertTrue(names.size() >= 5, String.valueOf(names));
        for (String name : names) {
            assertTrue(observer.contains("\"" + name + "\""), name + " is written by RequestObserver");
        }
    }

    @Test
    @DisplayName("Outputs give the MCP URL and the API key id")
    void outputs() {
        stack.template.hasOutput("McpUrl", Match.anyValue());
        stack.template.hasOutput("ApiKeyId", Match.anyValue());
    }
}
