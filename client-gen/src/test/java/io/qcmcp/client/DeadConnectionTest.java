package io.qcmcp.client;

import io.qcmcp.client.generated.api.LiveApi;
import io.qcmcp.client.generated.api.ProjectsApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.qcmcp.client.ScriptedServer.answer;
import static io.qcmcp.client.ScriptedServer.closeOnArrival;
import static io.qcmcp.client.ScriptedServer.halfAnswer;
import static io.qcmcp.client.ScriptedServer.silent;
import static io.qcmcp.client.TestClients.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kept-alive connection that QuantConnect closed: the request that went out on it is sent once more on a new
 * connection, creates included, since no byte of an answer came back; but never a call that changes live
 * trading, and never one that timed out or got half an answer, since QuantConnect may have acted on those.
 * Against a real socket server, because only a real connection shows what the HTTP client does.
 */
class DeadConnectionTest {

    private static final String PROJECT = "{\"success\":true,\"projects\":[{\"projectId\":7,\"name\":\"B\"}]}";
    private static final Map<String, Object> CREATE = Map.of("name", "B", "language", "Py");

    private QuantConnectClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.closeConnections();
        }
    }

    private QuantConnectClient client(URI url, Duration readTimeout) {
        client = TestClients.against(url, readTimeout, TestClients.DEFAULT_MAX_ANSWER_BYTES);
        return client;
    }

    /** A first call, so that the next one finds a kept-alive connection in the pool. */
    private static void warm(QuantConnectClient client) {
        assertInstanceOf(QuantConnectResponse.Success.class,
                client.call(ProjectsApi.CREATE_PROJECT, Map.of("name", "A", "language", "Py"), deadline()));
    }

    @ParameterizedTest(name = "closed with a reset: {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("A create that went out on a connection the server had closed is sent again, and succeeds")
    void createResentOnNewConnection(boolean reset) throws IOException {
        try (ScriptedServer server = new ScriptedServer().then(answer(PROJECT), closeOnArrival(reset), answer(PROJECT))) {
            QuantConnectClient client = client(server.url(), Duration.ofSeconds(5));
            warm(client);
            QuantConnectResponse created = client.call(ProjectsApi.CREATE_PROJECT, CREATE, deadline());
            assertInstanceOf(QuantConnectResponse.Success.class, created, created.toString());
            List<ScriptedServer.Arrival> arrivals = server.arrivals();
            assertEquals(3, arrivals.size(), arrivals.toString());
            assertTrue(arrivals.get(1).reusedConnection(), "went out on the kept-alive connection: " + arrivals);
            assertFalse(arrivals.get(2).reusedConnection(), "sent again on a new connection: " + arrivals);
        }
    }

    @Test
    @DisplayName("A call that changes live trading is never sent again, even when no answer came back")
    void liveTradingNotResent() throws IOException {
        for (Operation live : List.of(LiveApi.CREATE_LIVE_ALGORITHM, LiveApi.STOP_LIVE_ALGORITHM)) {
            try (ScriptedServer server = new ScriptedServer().then(answer(PROJECT), closeOnArrival(true),
                    answer("{\"success\":true}"))) {
                QuantConnectClient client = client(server.url(), Duration.ofSeconds(5));
                warm(client);
                QuantConnectResponse response = client.call(live, Map.of("projectId", 7), deadline());
                assertInstanceOf(QuantConnectResponse.Failed.class, response, live.name() + ": " + response);
                assertEquals(2, server.arrivals().size(), live.name() + " sent once: " + server.arrivals());
                client.closeConnections();
            }
        }
    }

    @Test
    @DisplayName("A create that timed out waiting for the answer is not sent again")
    void timedOutCreateNotResent() throws IOException {
        try (ScriptedServer server = new ScriptedServer().then(answer(PROJECT), silent())) {
            QuantConnectClient client = client(server.url(), Duration.ofSeconds(1));
            warm(client);
            QuantConnectResponse response = client.call(ProjectsApi.CREATE_PROJECT, CREATE, deadline());
            assertInstanceOf(QuantConnectResponse.Failed.class, response, response.toString());
            assertTrue(((QuantConnectResponse.Failed) response).message().contains("did not answer"), response.toString());
            assertEquals(2, server.arrivals().size(), "sent once: " + server.arrivals());
        }
    }

    @Test
    @DisplayName("A create whose answer broke off half-way is not sent again")
    void halfAnsweredCreateNotResent() throws IOException {
        try (ScriptedServer server = new ScriptedServer().then(answer(PROJECT), halfAnswer(), answer(PROJECT))) {
            QuantConnectClient client = client(server.url(), Duration.ofSeconds(5));
            warm(client);
            QuantConnectResponse response = client.call(ProjectsApi.CREATE_PROJECT, CREATE, deadline());
            assertInstanceOf(QuantConnectResponse.Failed.class, response, response.toString());
            assertEquals(2, server.arrivals().size(), "sent once: " + server.arrivals());
        }
    }

    @Test
    @DisplayName("A create that could not connect at all is tried once more, then reported")
    void unreachableCreateTriedTwice() throws IOException {
        int port;
        try (ServerSocket unused = new ServerSocket(0)) {
            port = unused.getLocalPort();
        }
        QuantConnectClient client = client(URI.create("http://127.0.0.1:" + port + "/api/v2"), Duration.ofSeconds(5));
        QuantConnectResponse response = client.call(ProjectsApi.CREATE_PROJECT, CREATE, deadline());
        assertInstanceOf(QuantConnectResponse.Failed.class, response, response.toString());
        assertTrue(((QuantConnectResponse.Failed) response).message().contains("(2 attempts)"), response.toString());
    }
}
