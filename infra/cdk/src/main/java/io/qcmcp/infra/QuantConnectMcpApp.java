package io.qcmcp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code npx aws-cdk@2 deploy} from infra/cdk runs this. */
public final class QuantConnectMcpApp {

    private QuantConnectMcpApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        createStack(app, StackSettings.from(app.getNode()));
        app.synth();
    }

    static QuantConnectMcpStack createStack(App app, StackSettings settings) {
        return new QuantConnectMcpStack(app, "QuantConnectMcp", StackProps.builder()
                .description("QuantConnect MCP server: Lambda behind an API Gateway REST API with an API key")
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build(), settings);
    }
}
