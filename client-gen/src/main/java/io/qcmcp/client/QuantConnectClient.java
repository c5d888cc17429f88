package io.qcmcp.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.qcmcp.client.schema.ObjectSchema;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one operation to QuantConnect: fills in what the server owns (like {@code codeSourceId}), signs each
 * attempt afresh, posts it, and reads the envelope, all within the request's {@link Deadline}. Operations that
 * are safe to repeat ({@link Operation#retrySafe()}) are retried on connection faults, 5xx and 429, with
 * exponential backoff, full jitter and {@code Retry-After}; others are sent once. The HTTP client (pooled,
 * connections reused) is created on the first call, so starting the server never pays for it.
 */
@Singleton
public final class QuantConnectClient {

    private static final Logger LOG = LoggerFactory.getLogger(QuantConnectClient.class);
    private static final AtomicBoolean DROPPED_ERRORS_QUIET = new AtomicBoolean();

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);
    private static final Duration BASE_BACKOFF = Duration.ofMillis(200);
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(250);

    private final QuantConnectConfiguration configuration;
    private final CredentialsProvider credentialsProvider;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Object> serverValues;
    private volatile HttpClient http;

    @Inject
    QuantConnectClient(QuantConnectConfiguration configuration, CredentialsProvider credentialsProvider,
                       ObjectMapper json) {
        this(configuration, credentialsProvider, json, Clock.systemUTC());
    }

    QuantConnectClient(QuantConnectConfiguration configuration, CredentialsProvider credentialsProvider,
                       ObjectMapper json, Clock clock) {
        this.configuration = configuration;
        this.credentialsProvider = credentialsProvider;
        this.json = json;
        this.clock = clock;
        this.serverValues = Map.of("codeSourceId", configuration.codeSourceId());
    }

    /** Whether the client knows the value of a property that operations declare in {@code x-mcp-server-fills}. */
    public boolean fills(String property) {
        return serverValues.containsKey(property);
    }

    /** Calls the operation; it ends, retries included, before the deadline. */
    public QuantConnectResponse call(Operation operation, Map<String, Object> arguments, Deadline deadline) {
        Credentials credentials;
        try {
            credentials = credentialsProvider.credentials();
        } catch (CredentialsUnavailableException e) {
            return new QuantConnectResponse.Failed(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
        operation.input().properties().forEach((name, property) -> {
            if (property.defaultJson() != null && body.get(name) == null) {
                body.put(name, defaultValue(operation, name, property.defaultJson()));
            }
        });
        for (String property : operation.serverFills()) {
            body.put(property, serverValues.get(property));
        }
        Object bytes;
        String contentType;
        try {
            if (operation.multipart()) {
                bytes = MultipartBody.of(operation.input(), body);
                contentType = MediaType.MULTIPART_FORM_DATA;
            } else {
                bytes = json.writeValueAsBytes(body);
                contentType = MediaType.APPLICATION_JSON;
            }
        } catch (JsonProcessingException e) {
            return new QuantConnectResponse.Failed("The arguments of " + operation.name() + " cannot be sent as JSON.");
        }
        QuantConnectResponse response = attempts(operation, bytes, contentType, credentials, deadline);
        if (isCredentialRejection(response)) {
            credentialsProvider.rejected();
            Credentials fresh;
            try {
                fresh = credentialsProvider.credentials();
            } catch (CredentialsUnavailableException e) {
                return new QuantConnectResponse.Failed(e.getMessage());
            }
            if (!fresh.equals(credentials)) {
                response = attempts(operation, bytes, contentType, fresh, deadline);
            }
            if (isCredentialRejection(response)) {
                return new QuantConnectResponse.Failed("QuantConnect rejected the credentials for " + operation.path()
                        + " (" + describe(response) + "). They come from " + credentialsProvider.origin()
                        + "; check the user id and API token there.");
            }
        }
        return response;
    }

    private Object defaultValue(Operation operation, String property, String defaultJson) {
        try {
            return json.readValue(defaultJson, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("x-mcp-default of " + operation.name() + "." + property
                    + " in openapi/quantconnect.yaml is not JSON", e);
        }
    }

    private QuantConnectResponse attempts(Operation operation, Object body, String contentType,
                                          Credentials credentials, Deadline deadline) {
        int attempt = 0;
        while (true) {
            attempt++;
            Duration left = deadline.remaining();
            if (left.compareTo(MIN_ATTEMPT) < 0) {
                return new QuantConnectResponse.Failed("QuantConnect did not answer " + operation.path()
                        + " in the time this request had left; try again.");
            }
            Outcome outcome = send(operation, configuration.endpoint(operation.path()), body, contentType, credentials,
                    left);
            boolean retryable = outcome.response() == null || outcome.status() == 429 || outcome.status() >= 500;
            if (!retryable || !operation.retrySafe() || attempt >= configuration.maxAttempts()) {
                return outcome.response() != null ? outcome.response() : outcome.failure(operation, attempt);
            }
            Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(attempt);
            if (!deadline.allows(wait.plus(MIN_ATTEMPT))) {
                return outcome.response() != null ? outcome.response() : outcome.failure(operation, attempt);
            }
            pause(wait);
        }
    }

    /** What one attempt gave: a response to return or retry, or a transport fault. */
    private record Outcome(int status, QuantConnectResponse response, Duration retryAfter, String fault) {

        QuantConnectResponse failure(Operation operation, int attempts) {
            return new QuantConnectResponse.Failed("QuantConnect " + fault + " for " + operation.path()
                    + (attempts > 1 ? " (" + attempts + " attempts)" : "") + ".");
        }
    }

    private Outcome send(Operation operation, URI url, Object body, String contentType, Credentials credentials,
                         Duration timeout) {
        long timestamp = clock.instant().getEpochSecond();
        MutableHttpRequest<Object> request = HttpRequest.POST(url, body)
                .contentType(contentType)
                .accept(MediaType.APPLICATION_JSON_TYPE)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(HttpHeaders.AUTHORIZATION, RequestSigner.authorization(credentials, timestamp));
        HttpResponse<byte[]> response;
        try {
            response = Mono.from(http().exchange(request, BYTES, BYTES)).timeout(timeout).block();
        } catch (HttpClientResponseException e) {
            return httpError(operation, e.getStatus().getCode(), e.getResponse());
        } catch (ReadTimeoutException e) {
            return new Outcome(0, null, null, "did not answer within " + seconds(timeout));
        } catch (HttpClientException e) {
            return new Outcome(0, null, null, "could not be reached or dropped the connection");
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException) {
                return new Outcome(0, null, null, "did not answer within " + seconds(timeout));
            }
            throw e;
        }
        if (response == null) {
            return new Outcome(0, null, null, "sent no answer");
        }
        int status = response.getStatus().getCode();
        if (status >= 300 && status < 400) {
            return new Outcome(status, redirect(operation, response), null, null);
        }
        return new Outcome(status, envelope(operation, response.getBody().orElse(new byte[0])), null, null);
    }

    private Outcome httpError(Operation operation, int status, HttpResponse<?> response) {
        if (status == 401 || status == 403) {
            return new Outcome(status, new QuantConnectResponse.Rejected(List.of("HTTP " + status), Map.of()),
                    null, null);
        }
        String contentType = response.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        byte[] body = response.getBody(byte[].class).orElse(new byte[0]);
        boolean html = (contentType != null && contentType.contains("html"))
                || new String(body, 0, Math.min(body.length, 64)).stripLeading().startsWith("<");
        String what = "answered HTTP " + status + (html ? " with an HTML error page" : "");
        return new Outcome(status, new QuantConnectResponse.Failed("QuantConnect " + what + " for " + operation.path()
                + "."), retryAfter(response.getHeaders().get("Retry-After")), what);
    }

    private static boolean isCredentialRejection(QuantConnectResponse response) {
        return response instanceof QuantConnectResponse.Rejected rejected && rejected.errors().stream()
                .anyMatch(error -> error.startsWith("Hash doesn't match") || error.equals("HTTP 401")
                        || error.equals("HTTP 403"));
    }

    private static String describe(QuantConnectResponse response) {
        return String.join("; ", ((QuantConnectResponse.Rejected) response).errors());
    }

    static Duration retryAfter(String header) {
        if (header == null || !header.strip().matches("\\d{1,5}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.strip()));
    }

    static Duration backoff(int attempt) {
        long ceiling = BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 6);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** A redirect is how QuantConnect hands out a URL for a person to open (brokerage authorization). */
    private static QuantConnectResponse redirect(Operation operation, HttpResponse<byte[]> response) {
        String location = response.getHeaders().get(HttpHeaders.LOCATION);
        if (location == null || location.isBlank()) {
            return new QuantConnectResponse.Failed("QuantConnect redirected " + operation.path() + " without a URL.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", location);
        body.put("success", true);
        return new QuantConnectResponse.Success(body);
    }

    private QuantConnectResponse envelope(Operation operation, byte[] bytes) {
        Map<String, Object> body;
        try {
            body = json.readValue(bytes, JSON_OBJECT);
        } catch (IOException e) {
            String start = new String(bytes, 0, Math.min(bytes.length, 64)).stripLeading();
            return new QuantConnectResponse.Failed("QuantConnect sent " + (start.startsWith("<") ? "an HTML page"
                    : "a malformed or truncated answer") + " to " + operation.path() + ".");
        }
        if (body == null) {
            return new QuantConnectResponse.Failed("QuantConnect sent an empty answer to " + operation.path() + ".");
        }
        if (Boolean.FALSE.equals(body.get("success"))) {
            return new QuantConnectResponse.Rejected(errors(body), body);
        }
        return new QuantConnectResponse.Success(body);
    }

    private static List<String> errors(Map<String, Object> body) {
        if (body.get("errors") instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(String::valueOf).toList();
        }
        if (body.get("message") instanceof String message && !message.isBlank()) {
            return List.of(message);
        }
        return List.of("QuantConnect reported a failure without a reason.");
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

    /**
     * Warms the request path (signing, the HTTP client, the envelope parser) with one call to {@code base},
     * a local stand-in for QuantConnect, using throw-away credentials; then drops the connection. For
     * SnapStart, before the snapshot: the real credentials are never read and no signature is kept.
     */
    public void prime(URI base) {
        Operation account = new Operation("read_account", "/account/read", "", "", ObjectSchema.EMPTY,
                new Operation.Hints(true, false, true, true), false, List.of(), "account", null);
        send(account, URI.create(base + account.path()), "{}".getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_JSON, new Credentials("0", "priming"), Duration.ofSeconds(5));
        closeConnections();
    }

    /**
     * Closes the HTTP client and its pooled connections; the next call opens new ones. After a SnapStart
     * restore no connection from before the snapshot may be used.
     */
    public void closeConnections() {
        HttpClient client;
        synchronized (this) {
            client = http;
            http = null;
        }
        if (client != null) {
            client.close();
        }
    }

    @PreDestroy
    void close() {
        HttpClient client = http;
        if (client != null) {
            client.close();
        }
    }
}
