package io.qcmcp.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackSettingsTest {

    @ParameterizedTest(name = "{0}={1}")
    @DisplayName("A wrong setting stops synth with a message naming it and the value")
    @CsvSource(delimiter = '|', value = {
            "runtime|java17", "memoryMb|lots", "memoryMb|64", "timeoutSeconds|0", "logRetentionDays|31",
            "architecture|sparc", "accessLogs|yes", "apiKeys|alice,al ice", "apiKeys|bob,Bob",
            "reservedConcurrency|0", "kmsKeyArn|alias/mine", "vpcSubnetIds|subnet-1", "throttleRate|fast", "readOnly|maybe", "readOnly|1",
            "toolsets|projects,backtest", "allowedOrigins|https://app.example/", "allowedOrigins|localhost:3000",
            "logLevel|verbose", "stageThrottleRate|0", "stageThrottleBurst|-1"})
    void refused(String key, String value) {
        App app = new App(AppProps.builder().context(Map.of(key, value)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackSettings.from(app.getNode()));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    @DisplayName("A Lambda jar that is not there stops synth naming assetPath and the two ways to get it (build or "
            + "a release's jar)")
    void missingAsset() {
        App app = new App(AppProps.builder().context(Map.of("assetPath", "/nowhere/quant-connect-mcp-lambda.jar"))
                .build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantConnectMcpApp.requireAsset(StackSettings.from(app.getNode())));
        assertTrue(e.getMessage().contains("/nowhere/quant-connect-mcp-lambda.jar (setting assetPath)")
                && e.getMessage().contains("mvn package") && e.getMessage().contains("-c assetPath="), e.getMessage());
        App present = new App(AppProps.builder().context(Map.of("assetPath", Synthesized.stubAsset().toString()))
                .build());
        QuantConnectMcpApp.requireAsset(StackSettings.from(present.getNode()));
    }

    @Test
    @DisplayName("The toolset names the stack accepts are the spec's tags in kebab case, as the function reads them")
    void toolsetsAreTheSpecTags() throws IOException {
        String spec = Files.readString(Path.of("../../openapi/quantconnect.yaml"));
        String tags = spec.substring(spec.indexOf("\ntags:"), spec.indexOf("\npaths:"));
        List<String> names = Pattern.compile("- name: (\\w+)").matcher(tags).results()
                .map(m -> m.group(1).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)).toList();
        assertEquals(names, StackSettings.TOOLSETS);
    }
}
