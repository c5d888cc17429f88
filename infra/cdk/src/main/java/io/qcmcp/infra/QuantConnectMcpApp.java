package io.qcmcp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CDK app: {@code npx aws-cdk@2 deploy [-c deployment=<name>]} from infra/cdk runs this. It builds one stack,
 * the deployment's, from the settings in {@code deployments/<name>.json} and the command line's {@code -c}.
 */
public final class QuantConnectMcpApp {

    private QuantConnectMcpApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Deployment deployment = Deployment.select(app, Deployment.DIRECTORY);
        StackSettings settings = StackSettings.from(app.getNode());
        requireAsset(settings);
        createStack(app, deployment, settings);
        app.synth();
    }

    /**
     * The Lambda jar must be there before the stack is built: said in the words of its two sources, where the CDK
     * would only say "Cannot find asset" deep in a stack trace.
     */
    static void requireAsset(StackSettings settings) {
        if (!Files.exists(Path.of(settings.assetPath()))) {
            throw new IllegalArgumentException("The Lambda jar " + settings.assetPath() + " (setting assetPath) is "
                    + "missing: run `mvn package` at the repository root, which makes it at the default path, or "
                    + "download quant-connect-mcp-lambda.jar from a release and pass -c assetPath=<its absolute path>");
        }
    }

    static QuantConnectMcpStack createStack(App app, Deployment deployment, StackSettings settings) {
        return new QuantConnectMcpStack(app, deployment.stackId(), StackProps.builder()
                .description("QuantConnect MCP server: Lambda behind an API Gateway REST API with an API key"
                        + deployment.describedAs())
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build(), deployment, settings);
    }
}
