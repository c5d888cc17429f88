package io.qcmcp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

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
        createStack(app, deployment, StackSettings.from(app.getNode()));
        app.synth();
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
