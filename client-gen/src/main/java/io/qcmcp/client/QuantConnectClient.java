package io.qcmcp.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.MediaType;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The one way to send an operation to QuantConnect: {@link #call} with a generated {@link Operation} constant,
 * the arguments and the request's {@link Deadline}. It puts the parts together, each of which holds one
 * concern: {@link RequestBodies} (what is sent), {@link CredentialRenewal} (what it is signed with),
 * {@link RetryPolicy} (whether to try again), {@link HttpTransport} (the signed POST and the HTTP client's
 * lifecycle) and {@link AnswerReader} (what the answer means). The parts are plain objects made here rather
 * than beans: none has another user, and starting the server builds only these small objects (the HTTP client
 * is made on the first call).
 */
@Singleton
public final class QuantConnectClient {

    private final QuantConnectConfiguration configuration;
    private final RequestBodies bodies;
    private final CredentialRenewal credentials;
    private final RetryPolicy retries;
    private final HttpTransport transport;
    private final FailureListener failures;

    QuantConnectClient(QuantConnectConfiguration configuration, CredentialsProvider credentialsProvider,
                       ObjectMapper json) {
        this(configuration, credentialsProvider, json, null);
    }

    /**
     * @param failures told of each call that fails for its credentials or because QuantConnect is unreachable
     *     (the function's metrics); null for none
     */
    @Inject
    QuantConnectClient(QuantConnectConfiguration configuration, CredentialsProvider credentialsProvider,
                       ObjectMapper json, @Nullable FailureListener failures) {
        this.configuration = configuration;
        this.failures = failures;
        this.bodies = new RequestBodies(json, configuration);
        this.credentials = new CredentialRenewal(credentialsProvider);
        this.retries = new RetryPolicy(configuration.maxAttempts());
        this.transport = new HttpTransport(configuration, new AnswerReader(json, credentials::advice));
    }

    /** Whether the client knows the value of a property that operations declare in {@code x-mcp-server-fills}. */
    public boolean fills(String property) {
        return bodies.fills(property);
    }

    /** Calls the operation; it ends, retries included, before the deadline. */
    public QuantConnectResponse call(Operation operation, Map<String, Object> arguments, Deadline deadline) {
        QuantConnectResponse response = send(operation, arguments, deadline);
        if (failures != null && response instanceof QuantConnectResponse.Failed failed
                && failed.cause() != QuantConnectResponse.Failed.Cause.OTHER) {
            failures.failed(failed.cause());
        }
        return response;
    }

    private QuantConnectResponse send(Operation operation, Map<String, Object> arguments, Deadline deadline) {
        Credentials current;
        try {
            current = credentials.current();
        } catch (CredentialsUnavailableException e) {
            return new QuantConnectResponse.Failed(e.getMessage(), QuantConnectResponse.Failed.Cause.CREDENTIALS_MISSING);
        }
        RequestBodies.Body body;
        try {
            body = bodies.of(operation, arguments);
        } catch (JsonProcessingException e) {
            return new QuantConnectResponse.Failed("The arguments of " + operation.name() + " cannot be sent as JSON.");
        }
        URI url = configuration.endpoint(operation.path());
        return credentials.send(operation, current, signed -> retries.run(operation, deadline,
                timeout -> transport.post(operation, url, body, signed, timeout)));
    }

    /**
     * Warms the request path (signing, the HTTP client, the answer reader) with one call to {@code base},
     * a local stand-in for QuantConnect, using throw-away credentials; then drops the connection. For
     * SnapStart, before the snapshot: the real credentials are never read and no signature is kept.
     */
    public void prime(URI base) {
        Operation account = Operation.plain("read_account", "/account/read",
                new Operation.Hints(true, false, true, true), "account");
        RequestBodies.Body empty = new RequestBodies.Body("{}".getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_JSON);
        transport.post(account, URI.create(base + account.path()), empty, new Credentials("0", "priming"),
                Duration.ofSeconds(5));
        closeConnections();
    }

    /**
     * Closes the HTTP client and its pooled connections; the next call opens new ones. After a SnapStart
     * restore no connection from before the snapshot may be used; when the server stops, none is left open.
     */
    @PreDestroy
    public void closeConnections() {
        transport.close();
    }
}
