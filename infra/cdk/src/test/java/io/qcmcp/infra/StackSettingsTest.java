package io.qcmcp.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackSettingsTest {

    @ParameterizedTest(name = "{0}={1}")
    @DisplayName("A wrong setting stops synth with a message naming it and the value")
    @CsvSource(delimiter = '|', value = {
            "runtime|java17", "memoryMb|lots", "memoryMb|64", "timeoutSeconds|0", "logRetentionDays|31",
            "architecture|sparc", "accessLogs|yes", "apiKeys|alice,al ice", "apiKeys|bob,Bob",
            "reservedConcurrency|0", "kmsKeyArn|alias/mine", "vpcSubnetIds|subnet-1", "throttleRate|fast", "readOnly|maybe"})
    void refused(String key, String value) {
        App app = new App(AppProps.builder().context(Map.of(key, value)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackSettings.from(app.getNode()));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
