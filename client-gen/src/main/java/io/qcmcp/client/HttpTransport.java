package io.qcmcp.client;

import io.micronaut.core.io.buffer.ReadBufferFactory;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.body.stream.AvailableByteArrayBody;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.ResponseClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One signed POST to QuantConnect, and the HTTP client that carries it. The client (pooled, connections
 * reused) is created on the first attempt, so starting the server never pays for it, and can be closed at any
 * time, after which the next attempt opens new connections: a SnapStart restore must not use a connection
 * from before the snapshot. Each attempt is signed when it is sent, since the signature holds the time.
 *
 * <p>It is Micronaut's raw client, which hands over the answer's head before its body. That is how a
 * connection that failed before any answer ({@link Outcome#connectionLost}, which {@link RetryPolicy} may
 * resend) is told from an answer that broke off half-way ({@link Outcome#fault}, which it may not): the
 * buffering client reports both as the same {@link ResponseClosedException}. The client reads at most
 * {@code quantconnect.max-answer-bytes} of an answer ({@link QuantConnectConfiguration#maxAnswerBytes()}); a
 * larger one is {@link Outcome#tooLarge}, and the rest of it is discarded, not kept.
 */
final class HttpTransport {

    /** The client's logger: the one to turn up to see what the client does. */
    private static final Logger LOG = LoggerFactory.getLogger(QuantConnectClient.class);
    private static final AtomicBoolean DROPPED_ERRORS_QUIET = new AtomicBoolean();
    private static final ReadBufferFactory BUFFERS = ReadBufferFactory.getJdkFactory();
    private static final String LOST = "could not be reached or dropped the connection";

    private final QuantConnectConfiguration configuration;
    private final AnswerReader answers;
    private volatile RawHttpClient http;

    HttpTransport(QuantConnectConfiguration configuration, AnswerReader answers) {
        this.configuration = configuration;
        this.answers = answers;
    }

    /**
     * Posts {@code body} to {@code url}, signed with {@code credentials}, waiting at most {@code timeout} for
     * the whole answer. A fault of the connection is an {@link Outcome}, never an exception.
     */
    Outcome post(Operation operation, URI url, RequestBodies.Body body, Credentials credentials, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        long timestamp = Instant.now().getEpochSecond();
        MutableHttpRequest<Object> request = HttpRequest.POST(url, null)
                .contentType(body.contentType())
                .accept(MediaType.APPLICATION_JSON_TYPE)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(HttpHeaders.AUTHORIZATION, RequestSigner.authorization(credentials, timestamp));
        HttpResponse<?> head;
        try {
            head = Mono.from(http().exchange(request, AvailableByteArrayBody.create(BUFFERS.adapt(body.content())),
                    Thread.currentThread())).timeout(timeout).block();
        } catch (ReadTimeoutException e) {
            return Outcome.timedOut(timeout);
        } catch (ContentLengthExceededException e) {
            return Outcome.tooLarge(operation, configuration.maxAnswerBytes());
        } catch (HttpClientException e) {
            return e instanceof ResponseClosedException || causedBy(e, IOException.class)
                    ? Outcome.connectionLost(LOST) : Outcome.fault(LOST);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException) {
                return Outcome.timedOut(timeout);
            }
            throw e;
        }
        if (!(head instanceof ByteBodyHttpResponse<?> response)) {
            return Outcome.fault("sent no answer");
        }
        try (response) {
            byte[] content = content(response, end);
            return answers.read(operation, response.code(), response.getHeaders(), content);
        } catch (TimeoutException e) {
            return Outcome.timedOut(timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BufferLengthExceededException
                    || e.getCause() instanceof io.micronaut.http.exceptions.ContentLengthExceededException) {
                return Outcome.tooLarge(operation, configuration.maxAnswerBytes());
            }
            return e.getCause() instanceof ReadTimeoutException ? Outcome.timedOut(timeout)
                    : Outcome.fault("dropped the connection while answering");
        }
    }

    /** The answer's body, waiting for it until {@code end} ({@link System#nanoTime()}). */
    private static byte[] content(ByteBodyHttpResponse<?> response, long end)
            throws TimeoutException, ExecutionException {
        CompletableFuture<? extends CloseableAvailableByteBody> buffered = response.byteBody().buffer();
        CloseableAvailableByteBody available;
        try {
            available = buffered.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (TimeoutException e) {
            buffered.thenAccept(CloseableAvailableByteBody::close);
            throw e;
        }
        try (available) {
            return available.toByteArray();
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error.getCause(); cause != null && cause != error; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Closes the HTTP client and its pooled connections; the next attempt opens new ones. */
    void close() {
        RawHttpClient client;
        synchronized (this) {
            client = http;
            http = null;
        }
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("Closing the QuantConnect HTTP client failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    private RawHttpClient http() {
        RawHttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    DefaultHttpClientConfiguration config = new DefaultHttpClientConfiguration();
                    config.setConnectTimeout(configuration.connectTimeout());
                    config.setReadTimeout(configuration.readTimeout());
                    config.setFollowRedirects(false);
                    config.setMaxContentLength(configuration.maxAnswerBytes());
                    client = RawHttpClient.create(null, config);
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

}
