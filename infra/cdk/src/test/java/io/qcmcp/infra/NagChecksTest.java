package io.qcmcp.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * cdk-nag's AwsSolutions and Serverless packs on the stack as the app builds it (so with NagAcknowledgements):
 * every finding is either fixed or acknowledged there with its reason. A new finding, after a change to the stack
 * or to cdk-nag, fails here with the rule's id and the resource's path.
 */
class NagChecksTest {

    static Stream<Arguments> deployments() {
        Map<String, Object> productionCognito = new HashMap<>(ProductionSettingsTest.SETTINGS);
        productionCognito.putAll(OAuthTest.COGNITO_WITH_DOMAIN);
        return Stream.of(Arguments.of("defaults", Map.of()),
                Arguments.of("every production setting", ProductionSettingsTest.SETTINGS),
                Arguments.of("oauth=cognito", Map.of("oauth", "cognito")),
                Arguments.of("oauthIssuer", OAuthTest.ISSUER),
                Arguments.of("every production setting, oauth=cognito and a custom domain", productionCognito));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    @DisplayName("AwsSolutions and Serverless find no unacknowledged error")
    void noUnacknowledgedErrors(String name, Map<String, Object> settings) {
        Map<String, Object> context = new HashMap<>(settings);
        context.put("assetPath", Synthesized.stubAsset().toString());
        App app = new App(AppProps.builder().context(context).build());
        Deployment deployment = Deployment.select(app, Path.of("no-deployments-here"));
        Stack stack = QuantConnectMcpApp.createStack(app, deployment, StackSettings.from(app.getNode()));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));

        List<String> errors = findings(Annotations.fromStack(stack).findError("*", Match.anyValue()));
        List<String> warnings = findings(Annotations.fromStack(stack).findWarning("*",
                Match.stringLikeRegexp("(AwsSolutions|Serverless)-.*")));
        warnings.forEach(warning -> System.out.println("cdk-nag warning (" + name + "): " + warning));
        assertEquals("", String.join("\n", errors),
                "cdk-nag errors (" + name + "): fix them or acknowledge them in NagAcknowledgements");
    }

    /** Each finding as its rule and resource, e.g. {@code AwsSolutions-IAM5[Resource::*] /QuantConnectMcp/...}. */
    // aws-cdk-lib deprecates cxapi.SynthesisMessage, yet Annotations.findError/findWarning still return it and offer
    // no other type; the suppression goes when the assertions API changes.
    @SuppressWarnings("deprecation")
    private static List<String> findings(List<SynthesisMessage> messages) {
        return messages.stream().map(message -> {
            String data = String.valueOf(message.getEntry().getData());
            int end = data.indexOf(": ");
            return (end > 0 ? data.substring(0, end) : data) + " " + message.getId();
        }).sorted().toList();
    }
}
