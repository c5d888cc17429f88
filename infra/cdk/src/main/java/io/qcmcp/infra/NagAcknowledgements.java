package io.qcmcp.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

import java.util.Arrays;
import java.util.List;

/**
 * The cdk-nag findings (AwsSolutions and Serverless packs) this stack accepts, each on the resource it concerns and
 * with the reason, in one place. NagChecksTest runs the packs on the stack: a finding not acknowledged here fails
 * it, named by rule and resource. Acknowledgements are written as metadata on the resources (visible in the
 * template, read only by cdk-nag) and change nothing that is deployed.
 */
final class NagAcknowledgements {

    private NagAcknowledgements() {
    }

    static void apply(Stack stack, StackSettings settings) {
        String apiKeyDesign = "MCP clients authenticate with a static header: POST /mcp requires an API key in a "
                + "usage plan (per-key throttling and quota, one key per user). No IAM, Cognito or Lambda authorizer "
                + "by design.";
        acknowledge(stack, "Api/Default/mcp/POST", apiKeyDesign, "AwsSolutions-APIG4", "AwsSolutions-COG4");
        acknowledge(stack, "Api/Default/mcp/OPTIONS", "A CORS preflight: browsers send it without credentials, so it "
                + "cannot require any; the function answers it for the allowed origins only.",
                "AwsSolutions-APIG4", "AwsSolutions-COG4");
        acknowledge(stack, "Api/Default/mcp/GET", "A mock integration that answers 405 (no SSE stream) and reaches "
                + "nothing; there is nothing to authorize.", "AwsSolutions-APIG4", "AwsSolutions-COG4");
        acknowledge(stack, "Api/Default/mcp/ANY", "A mock integration that answers 405 to every other method "
                + "(PUT, PATCH, DELETE, ...) and reaches nothing; there is nothing to authorize.",
                "AwsSolutions-APIG4", "AwsSolutions-COG4");
        oauth(stack, settings);
        acknowledge(stack, "Api", "The function validates each JSON-RPC message itself and must answer a bad one "
                + "with a JSON-RPC error, which a gateway request validator (plain 400) would replace.",
                "AwsSolutions-APIG2");
        acknowledge(stack, "Api/DeploymentStage.prod", "API Gateway execution logs need the account-wide API "
                + "Gateway CloudWatch role, which this stack does not create, and can log request bodies; the "
                + "function writes one bounded log line per request instead.", "AwsSolutions-APIG6");
        if (!settings.accessLogs()) {
            acknowledge(stack, "Api/DeploymentStage.prod", "Access logs are the setting accessLogs (off by default): "
                    + "API Gateway writes them with the account-wide API Gateway CloudWatch role, which must be set "
                    + "up once per region outside this stack, or the deploy fails.",
                    "AwsSolutions-APIG1", "Serverless-APIGWAccessLogging");
        }
        if (!"java25".equals(settings.runtime())) {
            acknowledge(stack, "Function", "java21 is the default runtime by measurement (docs/performance.md); "
                    + "java25, the latest, is the setting runtime=java25.",
                    "AwsSolutions-L1", "Serverless-LambdaLatestVersion");
        }
        acknowledge(stack, "Function", "Invoked synchronously by API Gateway only: the caller gets the error, and a "
                + "dead-letter queue receives asynchronous invocations only.", "Serverless-LambdaDLQ");
        IConstruct functionPolicy = child(stack, "FunctionRole/DefaultPolicy");
        if (functionPolicy != null && (settings.tracing() || !settings.vpcSubnetIds().isEmpty())) {
            NagSuppressions.addResourceSuppressions(functionPolicy, List.of(
                    NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of("Resource::*"))
                            .reason("Only actions that take no narrower resource: X-Ray's PutTraceSegments and "
                                    + "PutTelemetryRecords (tracing) and the EC2 network-interface actions Lambda "
                                    + "needs in a VPC (vpcSubnetIds). Every other statement names its resources.")
                            .build()));
        }
        IConstruct topic = stack.getNode().tryFindChild("AlarmTopic");
        if (topic != null) {
            for (IConstruct subscription : topic.getNode().getChildren()) {
                if (subscription.getNode().getId().contains("@")) {
                    NagSuppressions.addResourceSuppressions(subscription, List.of(suppression(
                            "Serverless-SNSRedrivePolicy", "An e-mail subscription: SNS retries e-mail delivery "
                                    + "itself, and an undelivered alarm e-mail has no reader in a queue either.")),
                            true);
                }
            }
        }
    }

    /** The keyless OAuth routes and, with oauth=cognito, the user pool. */
    private static void oauth(Stack stack, StackSettings settings) {
        if (!settings.oauthEnabled()) {
            return;
        }
        String bearer = "OAuth callers (Claude.ai, ChatGPT, phones) cannot send an API key: the function validates "
                + "the bearer token itself (signature by the issuer's JWKS, issuer, audience, expiry) and its scope per "
                + "tool, and answers 401/403 with WWW-Authenticate as MCP requires; a gateway authorizer could do "
                + "neither the scope per tool nor that answer, and a REST API has no JWT authorizer for oauthIssuer. "
                + "The method is throttled (oauthThrottleRate/oauthThrottleBurst).";
        acknowledge(stack, "Api/Default/oauth/mcp/POST", bearer, "AwsSolutions-APIG4", "AwsSolutions-COG4");
        acknowledge(stack, "Api/Default/oauth/mcp/OPTIONS", "A CORS preflight: browsers send it without credentials, "
                + "so it cannot require any; the function answers it for the allowed origins only.",
                "AwsSolutions-APIG4", "AwsSolutions-COG4");
        String mock = "A mock integration that answers 405 and reaches nothing; there is nothing to authorize.";
        acknowledge(stack, "Api/Default/oauth/mcp/GET", mock, "AwsSolutions-APIG4", "AwsSolutions-COG4");
        acknowledge(stack, "Api/Default/oauth/mcp/ANY", mock, "AwsSolutions-APIG4", "AwsSolutions-COG4");
        String metadata = "Public OAuth discovery metadata (RFC 9728, RFC 8414): clients read it before they have any "
                + "credentials, so it must not require any. It holds no secret.";
        for (String document : List.of("oauth-protected-resource", "oauth-authorization-server")) {
            acknowledge(stack, "Api/Default/.well-known/" + document + "/GET", metadata,
                    "AwsSolutions-APIG4", "AwsSolutions-COG4");
            acknowledge(stack, "Api/Default/.well-known/" + document + "/{proxy+}/GET", metadata,
                    "AwsSolutions-APIG4", "AwsSolutions-COG4");
        }
    }

    /** Acknowledges the rules on the construct at this path in the stack, if the stack has it. */
    private static void acknowledge(Stack stack, String path, String reason, String... rules) {
        IConstruct construct = child(stack, path);
        if (construct != null) {
            NagSuppressions.addResourceSuppressions(construct,
                    Arrays.stream(rules).map(rule -> suppression(rule, reason)).toList(), true);
        }
    }

    private static IConstruct child(Stack stack, String path) {
        IConstruct construct = stack;
        for (String id : path.split("/")) {
            construct = construct.getNode().tryFindChild(id);
            if (construct == null) {
                return null;
            }
        }
        return construct;
    }

    private static NagPackSuppression suppression(String rule, String reason) {
        return NagPackSuppression.builder().id(rule).reason(reason).build();
    }
}
