package io.qcmcp.app.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.crac.test.CheckpointSimulator;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.FakeSecretsManager;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.WithFakeQuantConnect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The SnapStart hooks, driven by Micronaut's checkpoint simulator on the Lambda handler: priming touches
 * neither QuantConnect nor Secrets Manager, and after a restore the credentials are read again and calls are
 * signed afresh.
 */
class SnapStartPrimingTest {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "application/json");

    /** Its server is the fake Secrets Manager. */
    @RegisterExtension
    static final WithFakeQuantConnect<FakeSecretsManager> SETUP = WithFakeQuantConnect.secretsManager();

    @BeforeAll
    static void storeCredentials() {
        SETUP.server().value(FakeSecretsManager.USER_SECRET, FakeQuantConnect.USER_ID);
        SETUP.server().value(FakeSecretsManager.TOKEN_SECRET, FakeQuantConnect.API_TOKEN);
    }

    private static int secretReads() {
        return SETUP.server().reads();
    }

    private static JsonNode readAccount(LambdaHandler lambda) throws Exception {
        McpHttp.Reply reply = lambda.send("POST", HEADERS,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\"}}");
        assertEquals(200, reply.status(), reply.body());
        return new ObjectMapper().readTree(reply.body()).get("result");
    }

    @Test
    @DisplayName("Priming answers its requests through the handler without QuantConnect or Secrets Manager; "
            + "after a restore the secrets are read again and calls still pass the signature check")
    void primesThenRefreshesAfterRestore() throws Exception {
        try (LambdaHandler lambda = new LambdaHandler(SETUP.server().properties(SETUP.quantConnect().apiUrl()))) {
            CheckpointSimulator snapStart = lambda.applicationContext().getBean(CheckpointSimulator.class);
            SnapStartPriming priming = lambda.applicationContext().getBean(SnapStartPriming.class);

            snapStart.runBeforeCheckpoint();
            assertEquals(4, priming.primedRequests(), "every priming request answered 200 through the handler");
            assertEquals(0, SETUP.quantConnect().requestCount(), "QuantConnect is not called while priming");
            assertEquals(0, secretReads(), "the secrets are not read before a snapshot");
            snapStart.runAfterRestore();

            JsonNode first = readAccount(lambda);
            assertFalse(first.get("isError").asBoolean(), first.toString());
            assertEquals(2, secretReads());

            snapStart.runBeforeCheckpoint();
            snapStart.runAfterRestore();
            JsonNode afterRestore = readAccount(lambda);
            assertFalse(afterRestore.get("isError").asBoolean(), afterRestore.toString());
            assertEquals(4, secretReads(), "the cached credentials did not outlive the restore");
            assertEquals(2, SETUP.quantConnect().requests("/account/read").size());
        }
    }
}
