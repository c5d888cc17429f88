package io.qcmcp.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.BasePathMappingOptions;
import software.amazon.awscdk.services.apigateway.DomainName;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodDeploymentOptions;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployed server: the function (SnapStart, behind an alias) reading its QuantConnect credentials from two
 * secrets only it may read; a regional REST API whose /mcp POST requires an API key (one per user, in a usage
 * plan with throttling and quota), GET answers 405, OPTIONS goes to the function; JSON gateway errors; alarms;
 * outputs.
 *
 * <p>Browser access has one source: {@code allowedOrigins} becomes the function's {@code MCP_ALLOWED_ORIGINS},
 * and the function answers both the preflight and the request with the same Origin check and header list as
 * the local server. The secrets are not part of the stack: they are read by name, so {@code cdk destroy} never
 * takes them and the next {@code cdk deploy} finds them again.
 *
 * <p>With OAuth ({@code oauth=cognito} or {@code oauthIssuer}), clients that cannot send a header use the keyless
 * path /oauth/mcp with a bearer token that the function checks, and read the OAuth metadata under /.well-known;
 * /mcp keeps its key. Without OAuth the template is the one released before OAuth existed (WithoutOAuthTest).
 *
 * <p>Several deployments live in one account and region: the names the stack sets (API, usage plan, keys) carry
 * the deployment's name, and CloudFormation makes the others (function, log groups, alarms) from the stack's name,
 * which carries it too. The log groups hold the audit lines (who called, from where), so {@code cdk destroy}
 * leaves them.
 */
public final class QuantConnectMcpStack extends Stack {

    static final String HANDLER = "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction";
    /** The namespace of the function's own metrics (EMF): tool calls, and its memory utilisation. */
    static final String METRICS_NAMESPACE = "QuantConnectMcp";
    /** Executed live-trading actions, counted from the function's audit lines. */
    static final String LIVE_ACTIONS_METRIC = "LiveActions.Executed";
    static final String NO_STREAM = noStreamBody("/mcp");
    static final String NOT_ALLOWED = notAllowedBody("/mcp");
    /** The path of OAuth callers: no API key at the gateway, a bearer token that the function checks. */
    static final String OAUTH_PATH = "/oauth/mcp";
    static final String OAUTH_NO_STREAM = noStreamBody(OAUTH_PATH);
    static final String OAUTH_NOT_ALLOWED = notAllowedBody(OAUTH_PATH);
    /** The gateway's answer to a GET on an MCP path: there is no SSE stream. */
    private static String noStreamBody(String path) {
        return "{\"error\":\"Method not allowed: this server offers no SSE stream. POST JSON-RPC messages to " + path
                + " instead.\"}";
    }

    /** The gateway's answer to a method other than POST, OPTIONS and GET on an MCP path. */
    private static String notAllowedBody(String path) {
        return "{\"error\":\"Method not allowed: POST JSON-RPC messages to " + path + ".\"}";
    }

    /** Answers in 5 minutes below which the API's 5XX rate is not judged. */
    static final int MIN_REQUESTS = 20;
    /** Tool calls in 5 minutes below which the tools' error rate is not judged. */
    static final int MIN_TOOL_CALLS = 10;
    /** C1 only: the fastest start for a function whose requests are short. */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /**
     * Stage access log fields: who (the API key's id, never the key), what, how it ended. API Gateway writes
     * {@code $context.error.messageString} with its quotes, so it stands unquoted here.
     */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"apiKeyId\":\"$context.identity.apiKeyId\",\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\",\"path\":\"$context.path\",\"status\":\"$context.status\","
            + "\"responseLength\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\",\"error\":$context.error.messageString}";

    public QuantConnectMcpStack(Construct scope, String id, StackProps props, Deployment deployment,
                                StackSettings settings) {
        super(scope, id, props);

        IKey key = settings.kmsKeyArn().isEmpty() ? null : Key.fromKeyArn(this, "Key", settings.kmsKeyArn());
        LogGroup logs = LogGroup.Builder.create(this, "FunctionLogs")
                .retention(retention(settings.logRetentionDays()))
                .encryptionKey(key)
                .removalPolicy(RemovalPolicy.RETAIN)
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
                .resources(List.of(secretArn(settings.userIdSecretName()), secretArn(settings.apiTokenSecretName())))
                .build());
        if (!settings.vpcSubnetIds().isEmpty()) {
            // Lambda manages the function's network interfaces; EC2 allows these actions only on every resource.
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                            "ec2:UnassignPrivateIpAddresses"))
                    .resources(List.of("*"))
                    .build());
        }

        CognitoIssuer cognito = settings.cognito() ? new CognitoIssuer(this, deployment, settings) : null;
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUANTCONNECT_SECRETS_USER_ID_NAME", settings.userIdSecretName());
        environment.put("QUANTCONNECT_SECRETS_API_TOKEN_NAME", settings.apiTokenSecretName());
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        if (!settings.allowedOrigins().isEmpty()) {
            environment.put("MCP_ALLOWED_ORIGINS", String.join(",", settings.allowedOrigins()));
        }
        if (!settings.toolsets().isEmpty()) {
            environment.put("MCP_TOOLSETS", String.join(",", settings.toolsets()));
        }
        if (settings.readOnly()) {
            environment.put("MCP_READ_ONLY", "true");
        }
        if (!settings.logLevel().isEmpty()) {
            environment.put("LOG_LEVEL", settings.logLevel());
        }
        if (settings.liveTradingOffered()) {
            environment.put("MCP_LIVE_TRADING", settings.liveTrading());
        }
        if (!settings.confirmLive()) {
            environment.put("MCP_CONFIRM_LIVE", "false");
        }
        oauthEnvironment(environment, settings, cognito);

        Function function = Function.Builder.create(this, "Function")
                .description("QuantConnect MCP server" + deployment.describedAs())
                .runtime(runtime(settings.runtime()))
                .architecture("arm64".equals(settings.architecture()) ? Architecture.ARM_64 : Architecture.X86_64)
                .handler(HANDLER)
                .code(Code.fromAsset(settings.assetPath()))
                .memorySize(settings.memoryMb())
                .timeout(Duration.seconds(settings.timeoutSeconds()))
                .role(role)
                .logGroup(logs)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(settings.tracing() ? Tracing.ACTIVE : Tracing.DISABLED)
                .reservedConcurrentExecutions(settings.reservedConcurrency().orElse(null))
                .environmentEncryption(key)
                .environment(environment)
                .build();
        if (key != null) {
            key.grantDecrypt(role);
        }
        if (!settings.vpcSubnetIds().isEmpty()) {
            ((CfnFunction) function.getNode().getDefaultChild()).setVpcConfig(CfnFunction.VpcConfigProperty.builder()
                    .subnetIds(settings.vpcSubnetIds())
                    .securityGroupIds(settings.vpcSecurityGroupIds())
                    .build());
        }
        Alias live = Alias.Builder.create(this, "LiveAlias").aliasName("live")
                .version(function.getCurrentVersion()).build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every deploy publishes a version behind the live alias, which API Gateway calls.");

        StageOptions.Builder stage = StageOptions.builder().stageName("prod").tracingEnabled(settings.tracing());
        stageThrottling(stage, settings);
        if (settings.accessLogs()) {
            LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                    .retention(retention(settings.logRetentionDays()))
                    .encryptionKey(key)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            stage.accessLogDestination(new LogGroupLogDestination(accessLogs))
                    .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT));
        }
        RestApi api = RestApi.Builder.create(this, "Api")
                .restApiName(deployment.resourceName())
                .description("MCP endpoint for QuantConnect")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(false)
                .apiKeySourceType(ApiKeySourceType.HEADER)
                .minCompressionSize(Size.bytes(1024))
                .deployOptions(stage.build())
                .build();
        Resource mcp = api.getRoot().addResource("mcp");
        LambdaIntegration toFunction = new LambdaIntegration(live);
        mcp.addMethod("POST", toFunction, MethodOptions.builder().apiKeyRequired(true).build());
        // A browser's preflight carries no API key; the function answers it for the allowed origins only.
        mcp.addMethod("OPTIONS", toFunction);
        notAllowed(mcp, "GET", NO_STREAM);
        otherMethodsNotAllowed(mcp);
        if (settings.oauthEnabled()) {
            oauthRoutes(api, live);
        }

        UsagePlan plan = api.addUsagePlan("UsagePlan", UsagePlanProps.builder()
                .name(deployment.resourceName())
                .throttle(ThrottleSettings.builder().rateLimit(settings.throttleRate())
                        .burstLimit(settings.throttleBurst()).build())
                .quota(QuotaSettings.builder().limit(settings.quotaPerDay()).period(Period.DAY).build())
                .build());
        plan.addApiStage(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build());
        List<IApiKey> keys = apiKeys(api, plan, deployment.resourceName(), settings.apiKeys());

        boolean oauth = settings.oauthEnabled();
        gatewayResponse(api, "InvalidApiKey", ResponseType.INVALID_API_KEY, "401", oauth
                ? "Unauthorized: send the API key in the x-api-key header, or connect with OAuth to /oauth/mcp."
                : "Unauthorized: send the API key in the x-api-key header.", oauth);
        gatewayResponse(api, "Throttled", ResponseType.THROTTLED, "429", "Too many requests: slow down and retry.",
                oauth);
        gatewayResponse(api, "QuotaExceeded", ResponseType.QUOTA_EXCEEDED, "429",
                "Daily request quota exceeded for this API key.", oauth);
        gatewayResponse(api, "Default4xx", ResponseType.DEFAULT_4_XX, null, "$context.error.message", oauth);
        gatewayResponse(api, "Default5xx", ResponseType.DEFAULT_5_XX, null, "$context.error.message", oauth);
        String oauthUrl = customDomain(settings, api);

        Topic alarmTopic = alarms(settings, function, live, api);
        liveActionsAlarm(settings, logs, alarmTopic);
        operatorOutputs(settings, logs);

        CfnOutput.Builder.create(this, "McpUrl").value(api.urlForPath("/mcp"))
                .description("The MCP endpoint for clients").build();
        CfnOutput.Builder.create(this, "ApiKeyId").value(keys.get(0).getKeyId())
                .description("Read the key: aws apigateway get-api-key --api-key <id> --include-value").build();
        if (!settings.apiKeys().isEmpty()) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                pairs.add(settings.apiKeys().get(i) + "=" + keys.get(i).getKeyId());
            }
            CfnOutput.Builder.create(this, "ApiKeyIds").value(Fn.join(",", pairs))
                    .description("name=id of every API key").build();
        }
        if (oauth) {
            CfnOutput.Builder.create(this, "McpOAuthUrl").value(oauthUrl != null ? oauthUrl : api.urlForPath(OAUTH_PATH))
                    .description("The MCP endpoint for OAuth clients (Claude.ai, ChatGPT, ...): no API key, a bearer "
                            + "token").build();
        }
        NagAcknowledgements.apply(this, settings);
    }

    /**
     * What the function needs to take bearer tokens: the issuer, the audiences besides its resource URL, the scopes'
     * prefix, and with a custom domain the resource URL as clients use it (without one the function derives it from
     * the request context's domain name and path, which a client cannot forge). None of them without OAuth.
     */
    private static void oauthEnvironment(Map<String, String> environment, StackSettings settings,
                                         CognitoIssuer cognito) {
        if (cognito != null) {
            environment.put("MCP_OAUTH_ISSUER", cognito.pool.getUserPoolProviderUrl());
            environment.put("MCP_OAUTH_AUDIENCE", cognito.audience());
            environment.put("MCP_OAUTH_SCOPE_PREFIX", cognito.identifier);
        } else if (settings.oauthEnabled()) {
            environment.put("MCP_OAUTH_ISSUER", settings.oauthIssuer());
            if (!settings.oauthAudience().isEmpty()) {
                environment.put("MCP_OAUTH_AUDIENCE", String.join(",", settings.oauthAudience()));
            }
            if (!settings.oauthScopePrefix().isEmpty()) {
                environment.put("MCP_OAUTH_SCOPE_PREFIX", settings.oauthScopePrefix());
            }
        }
        if (settings.oauthEnabled() && !settings.domainName().isEmpty()) {
            environment.put("MCP_RESOURCE_URL", "https://" + settings.domainName() + OAUTH_PATH);
        }
    }

    /**
     * The keyless routes of OAuth callers, all Lambda proxies to the live alias (the function checks the bearer
     * token and its scopes, and answers 401 and 403 with WWW-Authenticate itself): POST and OPTIONS /oauth/mcp,
     * with 405 mocks for GET and the other methods as on /mcp; GET on the RFC 9728 protected resource metadata and
     * the RFC 8414 authorization server metadata, bare and with any path after them. Each method may invoke the
     * alias from the stage only, not from the console's test invocation.
     */
    private static void oauthRoutes(RestApi api, Alias live) {
        LambdaIntegration toFunction = LambdaIntegration.Builder.create(live).allowTestInvoke(false).build();
        Resource oauthMcp = api.getRoot().addResource("oauth").addResource("mcp");
        oauthMcp.addMethod("POST", toFunction);
        oauthMcp.addMethod("OPTIONS", toFunction);
        notAllowed(oauthMcp, "GET", OAUTH_NO_STREAM);
        notAllowed(oauthMcp, "ANY", OAUTH_NOT_ALLOWED);
        Resource wellKnown = api.getRoot().addResource(".well-known");
        for (String document : List.of("oauth-protected-resource", "oauth-authorization-server")) {
            Resource bare = wellKnown.addResource(document);
            bare.addMethod("GET", toFunction);
            bare.addResource("{proxy+}").addMethod("GET", toFunction);
        }
    }

    /**
     * The optional custom domain: a regional API Gateway domain name with the stack's certificate (TLS 1.2), its
     * host root mapped to the stage, so /oauth/mcp and the well-known metadata are at the host's root. Returns
     * the OAuth endpoint's URL there, or null without a domain.
     */
    private String customDomain(StackSettings settings, RestApi api) {
        if (settings.domainName().isEmpty()) {
            return null;
        }
        DomainName domain = DomainName.Builder.create(this, "CustomDomain")
                .domainName(settings.domainName())
                .certificate(Certificate.fromCertificateArn(this, "Certificate", settings.certificateArn()))
                .endpointType(EndpointType.REGIONAL)
                .securityPolicy(SecurityPolicy.TLS_1_2)
                .build();
        domain.addBasePathMapping(api, BasePathMappingOptions.builder().stage(api.getDeploymentStage()).build());
        CfnOutput.Builder.create(this, "CustomDomainTarget").value(domain.getDomainNameAliasDomainName())
                .description("Point " + settings.domainName() + " here: a CNAME, or a Route 53 alias record with "
                        + "the hosted zone CustomDomainZone").build();
        CfnOutput.Builder.create(this, "CustomDomainZone").value(domain.getDomainNameAliasHostedZoneId())
                .description("The hosted zone id of a Route 53 alias record to CustomDomainTarget").build();
        CfnOutput.Builder.create(this, "McpCustomDomainUrl").value("https://" + settings.domainName() + "/mcp")
                .description("The MCP endpoint for API-key clients at the custom domain").build();
        return "https://" + settings.domainName() + OAUTH_PATH;
    }

    /**
     * One key per user name, so that one user can be revoked alone and API Gateway's apiKeyId in the request
     * log tells who called. Without names, one key whose logical id is the same as in earlier versions of the
     * stack, so an update keeps it.
     */
    private static List<IApiKey> apiKeys(RestApi api, UsagePlan plan, String prefix, List<String> names) {
        List<IApiKey> keys = new ArrayList<>();
        if (names.isEmpty()) {
            keys.add(api.addApiKey("ApiKey", ApiKeyOptions.builder().apiKeyName(prefix).build()));
        }
        for (String name : names) {
            keys.add(api.addApiKey("ApiKey-" + name, ApiKeyOptions.builder()
                    .apiKeyName(prefix + "-" + name).description("MCP access for " + name).build()));
        }
        keys.forEach(plan::addApiKey);
        return keys;
    }

    /**
     * Every method of the stage, whatever the key, is throttled as a whole: the usage plan throttles each key, but
     * OPTIONS needs no key and reaches the function, so without this a preflight flood would be unthrottled.
     */
    private static void stageThrottling(StageOptions.Builder stage, StackSettings settings) {
        Map<String, MethodDeploymentOptions> options = new LinkedHashMap<>();
        options.put("/*/*", MethodDeploymentOptions.builder()
                .throttlingRateLimit(settings.stageThrottleRate())
                .throttlingBurstLimit(settings.stageThrottleBurst())
                .build());
        if (settings.oauthEnabled()) {
            // OAuth callers have no API key, so no usage plan: this method's throttle is theirs, all together.
            options.put(OAUTH_PATH + "/POST", MethodDeploymentOptions.builder()
                    .throttlingRateLimit(settings.oauthThrottleRate())
                    .throttlingBurstLimit(settings.oauthThrottleBurst())
                    .build());
        }
        stage.methodOptions(options);
    }

    /**
     * DELETE, PUT, PATCH, HEAD and any other method without its own: 405 with {@code Allow: POST, OPTIONS}, as the
     * local server answers, rather than API Gateway's 403 "Missing Authentication Token".
     */
    private static void otherMethodsNotAllowed(Resource mcp) {
        notAllowed(mcp, "ANY", NOT_ALLOWED);
    }

    /** {@code httpMethod} answers 405 from a mock with {@code Allow: POST, OPTIONS} and the JSON {@code body}. */
    private static void notAllowed(Resource mcp, String httpMethod, String body) {
        mcp.addMethod(httpMethod, MockIntegration.Builder.create()
                        .passthroughBehavior(PassthroughBehavior.WHEN_NO_TEMPLATES)
                        .requestTemplates(Map.of("application/json", "{\"statusCode\": 405}"))
                        .integrationResponses(List.of(IntegrationResponse.builder().statusCode("405")
                                .responseTemplates(Map.of("application/json", body))
                                .responseParameters(Map.of("method.response.header.Allow", "'POST, OPTIONS'"))
                                .build()))
                        .build(),
                MethodOptions.builder().methodResponses(List.of(MethodResponse.builder().statusCode("405")
                        .responseParameters(Map.of("method.response.header.Allow", true)).build())).build());
    }

    /**
     * The monitoring of a production service: the errors users see (API 5XX as a rate and as a count), the
     * function's own timeouts and crashes, slow answers, memory, unusual traffic and throttling; and what the
     * HTTP status does not show, since a tool that fails answers 200 with isError: the tools' error rate and
     * QuantConnect's credential refusals, from the function's own metrics (RequestObserver). Returns the topic the
     * alarms notify (null without alarmEmail).
     */
    private Topic alarms(StackSettings settings, Function function, Alias live, RestApi api) {
        Topic topic = settings.alarmEmail().isEmpty() ? null : Topic.Builder.create(this, "AlarmTopic")
                .enforceSsl(true).build();
        if (topic != null) {
            topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }
        Duration fiveMinutes = Duration.minutes(5);
        MetricOptions sum = MetricOptions.builder().period(fiveMinutes).statistic("Sum").build();
        alarm("ErrorRateAlarm", "Over 5% of at least " + MIN_REQUESTS + " answers in 5 minutes were 5XX errors",
                rate("errors", api.metricServerError(sum), "requests", api.metricCount(sum), MIN_REQUESTS),
                0.05, topic);
        alarm("DurationP99Alarm", "Function p99 duration over 25 s: calls end their waits by about 23 s, so this "
                        + "is an overrun (API Gateway cuts at 29 s)",
                live.metricDuration(MetricOptions.builder().period(fiveMinutes).statistic("p99").build()),
                25_000, topic);
        // Lambda's Errors are timeouts and crashes only: the function answers its own faults as HTTP 500.
        alarm("FunctionErrorsAlarm", "The function timed out or crashed (Lambda Errors)", live.metricErrors(sum),
                0, topic);
        alarm("MemoryAlarm", "Function memory use over 80% of its memory size",
                Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName("MemoryUtilization")
                        .dimensionsMap(Map.of("FunctionName", function.getFunctionName()))
                        .statistic("Maximum").period(fiveMinutes).build(),
                80, topic);
        alarm("InvocationsAlarm", "More than " + settings.invocationsAlarmPerHour() + " invocations in an hour",
                live.metricInvocations(MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build()),
                settings.invocationsAlarmPerHour(), topic);
        alarm("ThrottlesAlarm", "Function invocations throttled", live.metricThrottles(sum), 0, topic);
        alarm("Api5xxAlarm", "API answered 5XX", api.metricServerError(sum), 0, topic);
        alarm("ToolErrorRateAlarm", "Over 25% of at least " + MIN_TOOL_CALLS + " tool calls in 5 minutes were "
                        + "errors (QuantConnect down or refusing, or calls that fail)",
                rate("errors", ownMetric("Errors"), "invocations", ownMetric("Invocations"), MIN_TOOL_CALLS),
                0.25, topic);
        alarm("CredentialsAlarm", "QuantConnect rejected the credentials, or the function could not read them "
                        + "from the secrets",
                MathExpression.Builder.create().expression("FILL(rejected, 0) + FILL(missing, 0)")
                        .usingMetrics(Map.of("rejected", ownMetric("QuantConnect.CredentialsRejected"),
                                "missing", ownMetric("QuantConnect.CredentialsMissing")))
                        .period(fiveMinutes).label("Credential refusals").build(),
                0, topic);
        return topic;
    }

    /**
     * With live trading offered (paper or on), every executed live action (a deploy, stop, liquidation, command or
     * brokerage sign-in that reached QuantConnect) is counted from the function's "MCP audit" log lines and alarms the
     * deployment's recipient: someone should know each time money may move.
     */
    private void liveActionsAlarm(StackSettings settings, LogGroup logs, Topic topic) {
        if (!settings.liveTradingOffered()) {
            return;
        }
        MetricFilter.Builder.create(this, "LiveActionsFilter")
                .logGroup(logs)
                .filterPattern(FilterPattern.all(FilterPattern.stringValue("$.message", "=", "MCP audit"),
                        FilterPattern.booleanValue("$.live", true),
                        FilterPattern.stringValue("$.stage", "=", "executed")))
                .metricNamespace(METRICS_NAMESPACE)
                .metricName(LIVE_ACTIONS_METRIC)
                .metricValue("1")
                .build();
        alarm("LiveActionsAlarm", "A live-trading action was executed (MCP_LIVE_TRADING=" + settings.liveTrading()
                        + "): see the function's MCP audit lines for who and what",
                Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(LIVE_ACTIONS_METRIC).statistic("Sum")
                        .period(Duration.minutes(5)).build(),
                0, topic);
    }

    /** One of the function's own metrics, summed over 5 minutes, without dimension: over every tool. */
    private static Metric ownMetric(String name) {
        return Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(name).statistic("Sum")
                .period(Duration.minutes(5)).build();
    }

    /** {@code part} over {@code whole}, or 0 while {@code whole} is under {@code minimum}: 1 of 1 does not page. */
    private static MathExpression rate(String partId, IMetric part, String wholeId, IMetric whole, int minimum) {
        return MathExpression.Builder.create()
                .expression("IF(" + wholeId + " >= " + minimum + ", " + partId + " / " + wholeId + ", 0)")
                .usingMetrics(Map.of(partId, part, wholeId, whole))
                .period(Duration.minutes(5))
                .label(partId + " per " + wholeId)
                .build();
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

    /**
     * What an operator needs after a deploy: the function's log group (for {@code aws logs tail}), and, when
     * there is no {@code alarmEmail}, that the alarms tell no one (an output, and a warning at synth).
     */
    private void operatorOutputs(StackSettings settings, LogGroup logs) {
        CfnOutput.Builder.create(this, "LogGroupName").value(logs.getLogGroupName())
                .description("The function's log group: aws logs tail <name> --follow").build();
        if (settings.alarmEmail().isEmpty()) {
            String none = "no one: alarms change state but notify no one; set alarmEmail to be told";
            CfnOutput.Builder.create(this, "AlarmRecipient").value(none)
                    .description("Who is told when an alarm fires").build();
            Annotations.of(this).addWarningV2("qcmcp:noAlarmRecipient",
                    "No alarmEmail is set: the alarms will notify no one.");
        }
    }

    /** A secret's ARN from its name: Secrets Manager appends a dash and six random characters. */
    private String secretArn(String name) {
        return "arn:" + getPartition() + ":secretsmanager:" + getRegion() + ":" + getAccount() + ":secret:" + name
                + "-??????";
    }

    /**
     * A gateway error as JSON. Browsers may read it from any origin: it holds nothing but the reason, and the
     * function's own answers carry the Origin check.
     */
    private static void gatewayResponse(RestApi api, String id, ResponseType type, String status, String message,
                                        boolean oauth) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of(
                "Access-Control-Allow-Origin", "'*'",
                "Content-Type", "'application/json'"));
        if (oauth) {
            // Where the stack sets CORS headers (these answers of the gateway's own), it exposes WWW-Authenticate
            // too, so a browser client (MCP Inspector) may read a challenge; the function sets its own answers'.
            headers.put("Access-Control-Expose-Headers", "'WWW-Authenticate'");
        }
        GatewayResponseOptions.Builder options = GatewayResponseOptions.builder()
                .type(type)
                .responseHeaders(headers)
                .templates(Map.of("application/json", message.startsWith("$")
                        ? "{\"error\":$context.error.messageString}" : "{\"error\":\"" + message + "\"}"));
        if (status != null) {
            options.statusCode(status);
        }
        api.addGatewayResponse(id, options.build());
    }

    static Runtime runtime(String name) {
        return "java25".equals(name) ? Runtime.JAVA_25 : Runtime.JAVA_21;
    }

    static RetentionDays retention(int days) {
        return switch (days) {
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            default -> RetentionDays.ONE_YEAR;
        };
    }
}
