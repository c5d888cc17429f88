package io.qcmcp.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.ResourceOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The deployed server: the function (SnapStart, behind an alias) reading its QuantConnect credentials from two
 * secrets only it may read; a REST API whose /mcp POST requires an API key (usage plan with throttling and
 * quota), GET answers 405 and OPTIONS the CORS preflight; JSON gateway errors; alarms; outputs.
 */
public final class QuantConnectMcpStack extends Stack {

    static final String HANDLER = "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction";
    static final String USER_ID_SECRET = "quant-connect-mcp/user-id";
    static final String API_TOKEN_SECRET = "quant-connect-mcp/api-token";
    static final List<String> CORS_HEADERS = List.of("content-type", "accept", "x-api-key", "mcp-protocol-version",
            "mcp-session-id", "authorization");
    static final String NO_STREAM = "{\"error\":\"Method not allowed: this server offers no SSE stream. "
            + "POST JSON-RPC messages to /mcp instead.\"}";

    public QuantConnectMcpStack(Construct scope, String id, StackProps props, StackSettings settings) {
        super(scope, id, props);

        // Created without a value: the operator sets them (README), and the function reads them on first use.
        CfnSecret userId = CfnSecret.Builder.create(this, "UserIdSecret").name(USER_ID_SECRET)
                .description("QuantConnect user id for the MCP server (plain string)").build();
        CfnSecret apiToken = CfnSecret.Builder.create(this, "ApiTokenSecret").name(API_TOKEN_SECRET)
                .description("QuantConnect API token for the MCP server (plain string)").build();
        userId.applyRemovalPolicy(RemovalPolicy.RETAIN);
        apiToken.applyRemovalPolicy(RemovalPolicy.RETAIN);

        LogGroup logs = LogGroup.Builder.create(this, "FunctionLogs")
                .retention(retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Role role = Role.Builder.create(this, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("quant-connect-mcp function: write its own logs, read its two secrets")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(userId.getRef(), apiToken.getRef()))
                .build());

        Function function = Function.Builder.create(this, "Function")
                .description("QuantConnect MCP server")
                .runtime(runtime(settings.runtime()))
                .architecture("arm64".equals(settings.architecture()) ? Architecture.ARM_64 : Architecture.X86_64)
                .handler(HANDLER)
                .code(Code.fromAsset(settings.assetPath()))
                .memorySize(settings.memoryMb())
                .timeout(Duration.seconds(settings.timeoutSeconds()))
                .role(role)
                .logGroup(logs)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(Map.of(
                        "QUANTCONNECT_SECRETS_USER_ID_NAME", USER_ID_SECRET,
                        "QUANTCONNECT_SECRETS_API_TOKEN_NAME", API_TOKEN_SECRET,
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))
                .build();
        Alias live = Alias.Builder.create(this, "LiveAlias").aliasName("live")
                .version(function.getCurrentVersion()).build();

        RestApi api = RestApi.Builder.create(this, "Api")
                .restApiName("quant-connect-mcp")
                .description("MCP endpoint for QuantConnect")
                .cloudWatchRole(false)
                .apiKeySourceType(ApiKeySourceType.HEADER)
                .minCompressionSize(Size.bytes(1024))
                .deployOptions(StageOptions.builder().stageName("prod").build())
                .build();
        Resource mcp = api.getRoot().addResource("mcp", ResourceOptions.builder()
                .defaultCorsPreflightOptions(CorsOptions.builder()
                        .allowOrigins(settings.allowedOrigins())
                        .allowMethods(List.of("POST", "OPTIONS"))
                        .allowHeaders(CORS_HEADERS)
                        .maxAge(Duration.minutes(10))
                        .build())
                .build());
        mcp.addMethod("POST", new LambdaIntegration(live), MethodOptions.builder().apiKeyRequired(true).build());
        mcp.addMethod("GET", MockIntegration.Builder.create()
                        .passthroughBehavior(PassthroughBehavior.WHEN_NO_TEMPLATES)
                        .requestTemplates(Map.of("application/json", "{\"statusCode\": 405}"))
                        .integrationResponses(List.of(IntegrationResponse.builder().statusCode("405")
                                .responseTemplates(Map.of("application/json", NO_STREAM))
                                .responseParameters(Map.of("method.response.header.Allow", "'POST, OPTIONS'"))
                                .build()))
                        .build(),
                MethodOptions.builder().methodResponses(List.of(MethodResponse.builder().statusCode("405")
                        .responseParameters(Map.of("method.response.header.Allow", true)).build())).build());

        IApiKey key = api.addApiKey("ApiKey", ApiKeyOptions.builder().apiKeyName("quant-connect-mcp").build());
        UsagePlan plan = api.addUsagePlan("UsagePlan", UsagePlanProps.builder()
                .name("quant-connect-mcp")
                .throttle(ThrottleSettings.builder().rateLimit(settings.throttleRate())
                        .burstLimit(settings.throttleBurst()).build())
                .quota(QuotaSettings.builder().limit(settings.quotaPerDay()).period(Period.DAY).build())
                .build());
        plan.addApiKey(key);
        plan.addApiStage(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build());

        gatewayResponse(api, "InvalidApiKey", ResponseType.INVALID_API_KEY, "401",
                "Unauthorized: send the API key in the x-api-key header.");
        gatewayResponse(api, "Throttled", ResponseType.THROTTLED, "429", "Too many requests: slow down and retry.");
        gatewayResponse(api, "QuotaExceeded", ResponseType.QUOTA_EXCEEDED, "429",
                "Daily request quota exceeded for this API key.");
        gatewayResponse(api, "Default4xx", ResponseType.DEFAULT_4_XX, null, "$context.error.message");
        gatewayResponse(api, "Default5xx", ResponseType.DEFAULT_5_XX, null, "$context.error.message");

        Topic alarms = settings.alarmEmail().isEmpty() ? null : Topic.Builder.create(this, "AlarmTopic").build();
        if (alarms != null) {
            alarms.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
        MetricOptions sum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        alarm("ErrorRateAlarm", "Function errors over 5% of invocations", MathExpression.Builder.create()
                .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                .usingMetrics(Map.of("errors", live.metricErrors(sum), "invocations", live.metricInvocations(sum)))
                .period(Duration.minutes(5))
                .build(), 5, alarms);
        alarm("DurationP99Alarm", "Function p99 duration over 25 s (API Gateway cuts at 29 s)",
                live.metricDuration(MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build()),
                25_000, alarms);
        alarm("ThrottlesAlarm", "Function invocations throttled", live.metricThrottles(sum), 0, alarms);
        alarm("Api5xxAlarm", "API answered 5XX", api.metricServerError(sum), 0, alarms);

        CfnOutput.Builder.create(this, "McpUrl").value(api.urlForPath("/mcp"))
                .description("The MCP endpoint for clients").build();
        CfnOutput.Builder.create(this, "ApiKeyId").value(key.getKeyId())
                .description("Read the key: aws apigateway get-api-key --api-key <id> --include-value").build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, Topic topic) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        if (topic != null) {
            alarm.addAlarmAction(new SnsAction(topic));
        }
    }

    private static void gatewayResponse(RestApi api, String id, ResponseType type, String status, String message) {
        GatewayResponseOptions.Builder options = GatewayResponseOptions.builder()
                .type(type)
                .responseHeaders(Map.of(
                        "Access-Control-Allow-Origin", "'*'",
                        "Access-Control-Allow-Headers", "'" + String.join(",", CORS_HEADERS) + "'",
                        "Content-Type", "'application/json'"))
                .templates(Map.of("application/json", message.startsWith("$")
                        ? "{\"error\":$context.error.messageString}" : "{\"error\":\"" + message + "\"}"));
        if (status != null) {
            options.statusCode(status);
        }
        api.addGatewayResponse(id, options.build());
    }

    static Runtime runtime(String name) {
        return switch (name) {
            case "java21" -> Runtime.JAVA_21;
            case "java25" -> Runtime.JAVA_25;
            default -> throw new IllegalArgumentException("runtime must be java21 or java25, not " + name);
        };
    }

    static RetentionDays retention(int days) {
        return switch (days) {
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> throw new IllegalArgumentException("logRetentionDays must be 7, 14, 30, 90, 180 or 365");
        };
    }
}
