package io.qcmcp.client;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One signed POST to QuantConnect, and the HTTP client that carries it. The client (pooled, connections
 * reused) is created on the first attempt, so starting the server never pays for it, and can be closed at any
 * time, after which the next attempt opens new connections: a SnapStart restore must not use a connection
 * from before the snapshot. Each attempt is signed when it is sent, since the signature holds the time.
 */
final class HttpTransport {

    /** The client's logger: the one to turn up to see what the client does. */
    private static final Logger LOG = LoggerFactory.getLogger(QuantConnectClient.class);
    private static final AtomicBoolean DROPPED_ERRORS_QUIET = new AtomicBoolean();
    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    private final QuantConnectConfiguration configuration;
    private final AnswerReader answers;
    private volatile HttpClient http;

    HttpTransport(QuantConnectConfiguration configuration, AnswerReader answers) {
        this.configuration = configuration;
        this.answers = answers;
    }

    /**
     * Posts {@code body} to {@code url}, signed with {@code credentials}, waiting at most {@code timeout}. A
     * fault of the connection is an {@link Outcome#fault}, never an exception.
     */
    Outcome post(Operation operation, URI url, RequestBodies.Body body, Credentials credentials, Duration timeout) {
        long timestamp = Instant.now().getEpochSecond();
        MutableHttpRequest<Object> request = HttpRequest.POST(url, body.content())
                .contentType(body.contentType())
                .accept(MediaType.APPLICATION_JSON_TYPE)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(HttpHeaders.AUTHORIZATION, RequestSigner.authorization(credentials, timestamp));
        HttpResponse<byte[]> response;
        try {
            response = Mono.from(http().exchange(request, BYTES, BYTES)).timeout(timeout).block();
        } catch (HttpClientResponseException e) {
            return answers.error(operation, e.getStatus().getCode(), e.getResponse());
        } catch (ReadTimeoutException e) {
            return Outcome.fault("did not answer within " + seconds(timeout));
        } catch (HttpClientException e) {
            return Outcome.fault("could not be reached or dropped the connection");
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException) {
                return Outcome.fault("did not answer within " + seconds(timeout));
            }
            throw e;
        }
        if (response == null) {
            return Outcome.fault("sent no answer");
        }
        return answers.answer(operation, response);
    }

    /** Closes the HTTP client and its pooled connections; the next attempt opens new ones. */
    void close() {
        HttpClient client;
        synchronized (this) {
            client = http;
            http = null;
        }
        if (client != null) {
            client.close();
        }
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    DefaultHttpClientConfiguration config = new DefaultHttpClientConfiguration();
                    config.setConnectTimeout(configuration.connectTimeout());
                    config.setReadTimeout(configuration.readTimeout());
                    config.setFollowRedirects(false);
                    client = HttpClient.create(null, config);
                    quietDroppedErrors();
                    http = client;
                }
            }
        }
        return client;
    }

    /**
     * A call given up on (deadline reached) still ends later inside the client, with an error nobody is left
     * to receive; Reactor would log each one as an ERROR with a stack trace. The caller already reported the
     * timeout, so these are expected: debug only. Reactor chains every hook it is given, so this is
     * installed once per JVM, however often the client is rebuilt (after each SnapStart restore).
     */
    private static void quietDroppedErrors() {
        if (DROPPED_ERRORS_QUIET.compareAndSet(false, true)) {
            Hooks.onErrorDropped(dropped -> LOG.debug("QuantConnect call ended after it was given up: {}",
                    dropped.getClass().getSimpleName()));
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
