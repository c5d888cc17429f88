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
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one operation to QuantConnect: fills in what the server owns (like {@code codeSourceId}), signs
 * the request afresh, posts it, and reads the envelope. The HTTP client is created on the first call, so
 * starting the server (and listing tools) never pays for it.
 */
@Singleton
public final class QuantConnectClient {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

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

    /** Calls the operation, allowing it the configured read timeout. */
    public QuantConnectResponse call(Operation operation, Map<String, Object> arguments) {
        return call(operation, arguments, configuration.readTimeout());
    }

    /** Calls the operation, allowing it at most {@code timeout} for the whole answer. */
    public QuantConnectResponse call(Operation operation, Map<String, Object> arguments, Duration timeout) {
        Credentials credentials;
        try {
            credentials = credentialsProvider.credentials();
        } catch (CredentialsUnavailableException e) {
            return new QuantConnectResponse.Failed(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
        for (String property : operation.serverFills()) {
            body.put(property, serverValues.get(property));
        }
        MutableHttpRequest<byte[]> request;
        try {
            request = request(operation, body);
        } catch (JsonProcessingException e) {
            return new QuantConnectResponse.Failed("The arguments of " + operation.name() + " cannot be sent as JSON.");
        }
        long timestamp = clock.instant().getEpochSecond();
        request.header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(HttpHeaders.AUTHORIZATION, RequestSigner.authorization(credentials, timestamp));
        HttpResponse<byte[]> response;
        try {
            response = Mono.from(http().exchange(request, BYTES, BYTES)).timeout(timeout).block();
        } catch (HttpClientResponseException e) {
            return httpError(operation, e.getStatus().getCode());
        } catch (ReadTimeoutException e) {
            return timedOut(operation, timeout);
        } catch (HttpClientException e) {
            return new QuantConnectResponse.Failed("QuantConnect could not be reached for " + operation.path()
                    + " (connection failed).");
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException) {
                return timedOut(operation, timeout);
            }
            throw e;
        }
        if (response == null) {
            return new QuantConnectResponse.Failed("QuantConnect sent no answer to " + operation.path() + ".");
        }
        int status = response.getStatus().getCode();
        if (status >= 300 && status < 400) {
            return redirect(operation, response);
        }
        return envelope(operation, response.getBody().orElse(new byte[0]));
    }

    private MutableHttpRequest<byte[]> request(Operation operation, Map<String, Object> body)
            throws JsonProcessingException {
        if (operation.multipart()) {
            MultipartBody multipart = MultipartBody.of(operation.input(), body);
            return HttpRequest.POST(configuration.endpoint(operation.path()), multipart.bytes())
                    .contentType(multipart.contentType())
                    .accept(MediaType.APPLICATION_JSON_TYPE);
        }
        return HttpRequest.POST(configuration.endpoint(operation.path()), json.writeValueAsBytes(body))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE);
    }

    private static QuantConnectResponse timedOut(Operation operation, Duration timeout) {
        return new QuantConnectResponse.Failed("QuantConnect did not answer " + operation.path() + " within "
                + timeout.toMillis() / 1000.0 + " s.");
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

    private QuantConnectResponse httpError(Operation operation, int status) {
        if (status == 401 || status == 403) {
            credentialsProvider.rejected();
            return new QuantConnectResponse.Failed("QuantConnect rejected the credentials (HTTP " + status + ") for "
                    + operation.path() + ".");
        }
        return new QuantConnectResponse.Failed("QuantConnect answered HTTP " + status + " for " + operation.path() + ".");
    }

    private QuantConnectResponse envelope(Operation operation, byte[] bytes) {
        Map<String, Object> body;
        try {
            body = json.readValue(bytes, JSON_OBJECT);
        } catch (IOException e) {
            return new QuantConnectResponse.Failed("QuantConnect sent an answer to " + operation.path()
                    + " that is not a JSON object.");
        }
        if (body == null) {
            return new QuantConnectResponse.Failed("QuantConnect sent an empty answer to " + operation.path() + ".");
        }
        if (Boolean.FALSE.equals(body.get("success"))) {
            List<String> errors = errors(body);
            if (errors.stream().anyMatch(error -> error.startsWith("Hash doesn't match"))) {
                credentialsProvider.rejected();
            }
            return new QuantConnectResponse.Rejected(errors, body);
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
                    http = client;
                }
            }
        }
        return client;
    }

    @PreDestroy
    void close() {
        HttpClient client = http;
        if (client != null) {
            client.close();
        }
    }
}
