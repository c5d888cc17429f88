package io.qcmcp.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.client.QuantConnectResponse.Failed.Cause;
import io.qcmcp.client.generated.api.AccountApi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.qcmcp.client.ScriptedServer.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Why a call failed, as a kind and not as text: credentials QuantConnect refused, credentials the server could
 * not read, QuantConnect unreachable (no answer, or a 5xx), or anything else; and the listener hears each
 * credential or reachability failure once per call, which is what the function's metrics count.
 */
class FailureCauseTest {

    private final List<Cause> heard = new ArrayList<>();

    private QuantConnectClient client(URI url, CredentialsProvider credentials) {
        QuantConnectConfiguration configuration = new QuantConnectConfiguration(url, Duration.ofSeconds(2),
                Duration.ofSeconds(2), "test", Duration.ofSeconds(25), 1, TestClients.DEFAULT_MAX_ANSWER_BYTES);
        return new QuantConnectClient(configuration, credentials, new ObjectMapper(), heard::add);
    }

    private Cause cause(ScriptedServer.Reply reply) throws IOException {
        try (ScriptedServer server = new ScriptedServer().then(reply)) {
            QuantConnectClient client = client(server.url(), () -> new Credentials("1", "token"));
            try {
                return assertInstanceOf(QuantConnectResponse.Failed.class,
                        client.call(AccountApi.READ_ACCOUNT, Map.of(), TestClients.deadline())).cause();
            } finally {
                client.closeConnections();
            }
        }
    }

    @Test
    @DisplayName("A signature QuantConnect refuses (Hash doesn't match, 401, 403) is CREDENTIALS_REJECTED")
    void rejected() throws IOException {
        assertEquals(Cause.CREDENTIALS_REJECTED, cause(answer("{\"success\":false,\"errors\":[\"Hash doesn't match.\"]}")));
        assertEquals(Cause.CREDENTIALS_REJECTED, cause(answer(401, "{}")));
        assertEquals(Cause.CREDENTIALS_REJECTED, cause(answer(403, "{}")));
        assertEquals(List.of(Cause.CREDENTIALS_REJECTED, Cause.CREDENTIALS_REJECTED, Cause.CREDENTIALS_REJECTED), heard);
    }

    @Test
    @DisplayName("Credentials the server cannot read are CREDENTIALS_MISSING, and nothing is sent")
    void missing() {
        QuantConnectClient client = client(URI.create("http://127.0.0.1:9"), () -> {
            throw new CredentialsUnavailableException("Set QUANTCONNECT_USER_ID.");
        });
        QuantConnectResponse.Failed failed = assertInstanceOf(QuantConnectResponse.Failed.class,
                client.call(AccountApi.READ_ACCOUNT, Map.of(), TestClients.deadline()));
        assertEquals(Cause.CREDENTIALS_MISSING, failed.cause());
        assertEquals(List.of(Cause.CREDENTIALS_MISSING), heard);
    }

    @Test
    @DisplayName("A 5xx or no answer at all is UNREACHABLE; a refusal of the request itself is not a failure of "
            + "either kind")
    void unreachable() throws IOException {
        assertEquals(Cause.UNREACHABLE, cause(answer(503, "<html>down</html>")));
        assertEquals(Cause.UNREACHABLE, cause(answer(500, "{}")));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        QuantConnectClient client = client(URI.create("http://127.0.0.1:" + closed), () -> new Credentials("1", "t"));
        assertEquals(Cause.UNREACHABLE, assertInstanceOf(QuantConnectResponse.Failed.class,
                client.call(AccountApi.READ_ACCOUNT, Map.of(), TestClients.deadline())).cause());
        assertEquals(Cause.OTHER, cause(answer(429, "{}")));
        assertEquals(List.of(Cause.UNREACHABLE, Cause.UNREACHABLE, Cause.UNREACHABLE), heard);
        assertEquals(Cause.OTHER, new QuantConnectResponse.Failed("a tool's own failure").cause());
    }
}
