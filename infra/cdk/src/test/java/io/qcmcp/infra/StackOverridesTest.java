package io.qcmcp.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StackOverridesTest {

    @Test
    @DisplayName("Context overrides runtime, memory, timeout, throttling, quota, retention and adds alarm e-mail")
    void overrides() throws Exception {
        Path asset = Files.createTempDirectory("qcmcp-asset");
        Files.writeString(asset.resolve("stub.txt"), "stub");
        App app = new App(AppProps.builder().context(Map.of("assetPath", asset.toString(), "runtime", "java25",
                "memoryMb", "2048", "timeoutSeconds", "20", "throttleRate", "5", "throttleBurst", "9",
                "quotaPerDay", "500", "logRetentionDays", "7", "alarmEmail", "ops@example.com")).build());
        Template template = Template.fromStack(QuantConnectMcpApp.createStack(app, StackSettings.from(app.getNode())));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java25", "MemorySize", 2048,
                "Timeout", 20));
        template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "Throttle", Map.of("RateLimit", 5, "BurstLimit", 9), "Quota", Map.of("Limit", 500, "Period", "DAY")));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 7));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
        String topic = template.findResources("AWS::SNS::Topic").keySet().iterator().next();
        assertEquals(4, template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("AlarmActions", List.of(Map.of("Ref", topic))))).size(), "every alarm notifies the topic");
    }
}
