package io.qcmcp.client;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Duration;

/** A {@link QuantConnectClient} for tests against a local server, with throw-away credentials. */
final class TestClients {

    /** The default answer size limit, 16 MiB, as application.properties sets it. */
    static final int DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private TestClients() {
    }

    static QuantConnectClient against(URI apiUrl, Duration readTimeout, int maxAnswerBytes) {
        QuantConnectConfiguration configuration = new QuantConnectConfiguration(apiUrl, Duration.ofSeconds(2),
                readTimeout, "test", Duration.ofSeconds(25), 3, maxAnswerBytes);
        return new QuantConnectClient(configuration, () -> new Credentials("1", "token"), new ObjectMapper());
    }

    static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10));
    }
}
