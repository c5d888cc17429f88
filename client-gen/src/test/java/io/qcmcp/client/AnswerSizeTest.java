package io.qcmcp.client;

import io.qcmcp.client.generated.api.AccountApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static io.qcmcp.client.ScriptedServer.answer;
import static io.qcmcp.client.ScriptedServer.chunked;
import static io.qcmcp.client.ScriptedServer.jsonOfSize;
import static io.qcmcp.client.TestClients.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuantConnect's answers are read up to {@code quantconnect.max-answer-bytes} and no further: a larger one is a
 * {@link QuantConnectResponse.TooLarge} at once, whether its size is announced or it streams in chunks, and it is
 * never asked for again, even by an operation that is safe to retry.
 */
class AnswerSizeTest {

    private static final int LIMIT = 1000;
    private QuantConnectClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.closeConnections();
        }
    }

    @Test
    @DisplayName("An answer of exactly the limit is read; one byte more is too large, and asked for once")
    void limitIsExact() throws IOException {
        try (ScriptedServer server = new ScriptedServer().then(answer(jsonOfSize(LIMIT)), answer(jsonOfSize(LIMIT + 1)))) {
            client = TestClients.against(server.url(), Duration.ofSeconds(5), LIMIT);
            QuantConnectResponse read = client.call(AccountApi.READ_ACCOUNT, Map.of(), deadline());
            assertInstanceOf(QuantConnectResponse.Success.class, read, String.valueOf(read).substring(0, 100));
            QuantConnectResponse tooLarge = client.call(AccountApi.READ_ACCOUNT, Map.of(), deadline());
            assertInstanceOf(QuantConnectResponse.TooLarge.class, tooLarge, String.valueOf(tooLarge).substring(0, 100));
            String message = ((QuantConnectResponse.TooLarge) tooLarge).message();
            assertTrue(message.startsWith("Answer too large") && message.contains("/account/read")
                    && message.contains("1,000 bytes") && message.contains("quantconnect.max-answer-bytes"), message);
            assertEquals(2, server.arrivals().size(), "not retried: " + server.arrivals());
        }
    }

    @Test
    @DisplayName("A chunked answer without a length is cut off at the limit as it streams in, and not retried")
    void chunkedAnswerStopsAtTheLimit() throws IOException {
        try (ScriptedServer server = new ScriptedServer().then(answer(jsonOfSize(100)), chunked(5 * 1024 * 1024))) {
            client = TestClients.against(server.url(), Duration.ofSeconds(5), LIMIT);
            client.call(AccountApi.READ_ACCOUNT, Map.of(), deadline());
            long start = System.nanoTime();
            QuantConnectResponse response = client.call(AccountApi.READ_ACCOUNT, Map.of(), deadline());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertInstanceOf(QuantConnectResponse.TooLarge.class, response, String.valueOf(response).substring(0, 100));
            assertEquals(2, server.arrivals().size(), "not retried: " + server.arrivals());
            assertTrue(millis < 3000, "the client, started by a first call, ended in " + millis + " ms");
        }
    }
}
