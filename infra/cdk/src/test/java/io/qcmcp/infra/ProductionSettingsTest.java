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

/** The stack with every production setting switched on. */
class ProductionSettingsTest {

    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    /** Every production setting switched on (NagChecksTest checks this stack too). */
    static final Map<String, Object> SETTINGS = Map.ofEntries(
            Map.entry("runtime", "java25"), Map.entry("memoryMb", "2048"), Map.entry("timeoutSeconds", "20"),
            Map.entry("throttleRate", "5"), Map.entry("throttleBurst", "9"), Map.entry("quotaPerDay", "500"),
            Map.entry("logRetentionDays", "7"), Map.entry("alarmEmail", "ops@example.com"),
            Map.entry("apiKeys", "alice, bob"),
            Map.entry("allowedOrigins", "https://app.example.com, http://localhost:6274"),
            Map.entry("accessLogs", "true"), Map.entry("tracing", "true"),
            Map.entry("reservedConcurrency", "20"),
            Map.entry("vpcSubnetIds", "subnet-0123456789abcdef0,subnet-0fedcba9876543210"), Map.entry("vpcSecurityGroupIds", "sg-0123456789abcdef0"),
            Map.entry("kmsKeyArn", KEY), Map.entry("invocationsAlarmPerHour", "500"),
            Map.entry("userIdSecretName", "team/qc-user"), Map.entry("apiTokenSecretName", "team/qc-token"),
            Map.entry("toolsets", "projects, files,compile,backtests"), Map.entry("readOnly", "true"),
            Map.entry("stageThrottleRate", "50"), Map.entry("stageThrottleBurst", "100"),
            Map.entry("logLevel", "DEBUG"));
    private static Synthesized stack;

    @BeforeAll
    static void synthesize() {
        stack = new Synthesized(SETTINGS);
    }

    @Test
    @DisplayName("Runtime, memory, timeout, reserved concurrency, X-Ray, VPC and the KMS key reach the function")
    void function() {
        stack.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java25", "MemorySize", 2048,
                "Timeout", 20, "ReservedConcurrentExecutions", 20, "TracingConfig", Map.of("Mode", "Active"),
                "KmsKeyArn", KEY,
                "VpcConfig", Map.of("SubnetIds", List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"),
                        "SecurityGroupIds", List.of("sg-0123456789abcdef0"))));
    }

    @Test
    @DisplayName("allowedOrigins, toolsets and readOnly become the function's MCP_ALLOWED_ORIGINS, MCP_TOOLSETS and "
            + "MCP_READ_ONLY; the secret names are the ones set")
    void environment() {
        Map<String, Object> environment = stack.environment();
        assertEquals("projects,files,compile,backtests", environment.get("MCP_TOOLSETS"));
        assertEquals("true", environment.get("MCP_READ_ONLY"));
        assertEquals("https://app.example.com,http://localhost:6274", environment.get("MCP_ALLOWED_ORIGINS"));
        assertEquals("team/qc-user", environment.get("QUANTCONNECT_SECRETS_USER_ID_NAME"));
        assertEquals("team/qc-token", environment.get("QUANTCONNECT_SECRETS_API_TOKEN_NAME"));
        assertEquals("debug", environment.get("LOG_LEVEL"), "logLevel becomes the function's LOG_LEVEL");
    }

    @Test
    @DisplayName("One API key per name, all in the usage plan, with their ids in the outputs")
    void keyPerUser() {
        stack.template.resourceCountIs("AWS::ApiGateway::ApiKey", 2);
        stack.template.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 2);
        stack.template.hasResourceProperties("AWS::ApiGateway::ApiKey", Map.of("Name", "quant-connect-mcp-alice"));
        stack.template.hasResourceProperties("AWS::ApiGateway::ApiKey", Map.of("Name", "quant-connect-mcp-bob"));
        stack.template.hasOutput("ApiKeyId", Match.anyValue());
        String ids = String.valueOf(stack.template.toJSON().get("Outputs"));
        assertTrue(ids.contains("alice=") && ids.contains("bob="), ids);
        stack.template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "Throttle", Map.of("RateLimit", 5, "BurstLimit", 9), "Quota", Map.of("Limit", 500, "Period", "DAY")));
    }

    @Test
    @DisplayName("The stage's throttling is the one set; with a recipient, no output says no one is told")
    void throttlingAndRecipient() {
        Map<?, ?> setting = (Map<?, ?>) ((List<?>) stack.one("AWS::ApiGateway::Stage").get("MethodSettings")).get(0);
        assertEquals(50, ((Number) setting.get("ThrottlingRateLimit")).intValue());
        assertEquals(100, setting.get("ThrottlingBurstLimit"));
        assertTrue(stack.template.findOutputs("AlarmRecipient", Map.of()).isEmpty());
    }

    @Test
    @DisplayName("The stage writes JSON access logs with the API key id (never the key) and is traced")
    void stage() {
        Map<String, Object> stage = stack.one("AWS::ApiGateway::Stage");
        assertEquals(true, stage.get("TracingEnabled"));
        String format = String.valueOf(((Map<?, ?>) stage.get("AccessLogSetting")).get("Format"));
        assertTrue(format.contains("$context.identity.apiKeyId"), format);
        assertFalse(format.contains("$context.identity.apiKey\""), "never the key itself: " + format);
        assertEquals(2, stack.ofType("AWS::Logs::LogGroup").size());
        for (Map<String, Object> group : stack.ofType("AWS::Logs::LogGroup")) {
            assertEquals(7, group.get("RetentionInDays"));
            assertEquals(KEY, group.get("KmsKeyId"), "logs encrypted with the customer key");
        }
    }

    @Test
    @DisplayName("The role may decrypt with the key only, read the two named secrets, and manage VPC interfaces; "
            + "the only * resources are the EC2 and X-Ray actions that allow nothing narrower")
    void privileges() {
        String all = String.valueOf(stack.statements());
        assertTrue(all.contains("team/qc-user-??????") && all.contains("team/qc-token-??????"), all);
        for (Map<String, Object> statement : stack.statements()) {
            List<String> actions = Synthesized.strings(statement.get("Action"));
            if (actions.contains("kms:Decrypt")) {
                assertEquals(KEY, statement.get("Resource"));
            }
            if (Synthesized.strings(statement.get("Resource")).contains("*")) {
                assertTrue(actions.stream().allMatch(a -> a.startsWith("ec2:") && a.contains("NetworkInterface")
                        || a.startsWith("ec2:") && a.contains("PrivateIpAddresses") || a.startsWith("xray:Put")),
                        "a * resource for " + actions);
            }
        }
    }

    @Test
    @DisplayName("Every alarm notifies the e-mail topic; the invocation threshold is the one set")
    void alarms() {
        stack.template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com"));
        String topic = stack.logicalId("AWS::SNS::Topic");
        assertEquals(9, stack.template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("AlarmActions", List.of(Map.of("Ref", topic))))).size());
        stack.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "Invocations",
                "Threshold", 500));
    }
}
