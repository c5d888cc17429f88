package io.qcmcp.infra;

import software.constructs.Node;

import java.util.Arrays;
import java.util.List;

/**
 * What an operator may set with {@code -c key=value} (or in cdk.json), with the defaults in one place.
 *
 * @param assetPath the Lambda jar ({@code mvn -pl app -am package -DskipTests -Dlambda})
 * @param runtime java21 or java25
 * @param memoryMb function memory
 * @param timeoutSeconds function timeout; API Gateway cuts requests at 29 s regardless
 * @param architecture x86_64 or arm64
 * @param throttleRate steady requests per second of the usage plan
 * @param throttleBurst burst of the usage plan
 * @param quotaPerDay requests per day of the usage plan
 * @param logRetentionDays days the function's logs are kept
 * @param allowedOrigins browser origins allowed by the CORS preflight
 * @param alarmEmail where alarms are sent, or empty for none
 */
public record StackSettings(String assetPath, String runtime, int memoryMb, int timeoutSeconds, String architecture,
                            double throttleRate, int throttleBurst, int quotaPerDay, int logRetentionDays,
                            List<String> allowedOrigins, String alarmEmail) {

    static final String DEFAULT_ASSET = "../../app/target/quant-connect-mcp-app-0.1.0-SNAPSHOT.jar";

    static StackSettings from(Node context) {
        return new StackSettings(
                text(context, "assetPath", DEFAULT_ASSET),
                text(context, "runtime", "java21"),
                Integer.parseInt(text(context, "memoryMb", "1024")),
                Integer.parseInt(text(context, "timeoutSeconds", "30")),
                text(context, "architecture", "x86_64"),
                Double.parseDouble(text(context, "throttleRate", "10")),
                Integer.parseInt(text(context, "throttleBurst", "20")),
                Integer.parseInt(text(context, "quotaPerDay", "10000")),
                Integer.parseInt(text(context, "logRetentionDays", "30")),
                Arrays.stream(text(context, "allowedOrigins", "http://localhost:6274").split(","))
                        .map(String::strip).filter(origin -> !origin.isEmpty()).toList(),
                text(context, "alarmEmail", ""));
    }

    private static String text(Node context, String key, String fallback) {
        Object value = context.tryGetContext(key);
        return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value).strip();
    }
}
