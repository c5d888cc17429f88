package io.qcmcp.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.exceptions.HttpClientException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Sends one operation to QuantConnect: signs it, posts it, and reads the envelope. The HTTP client is
 * created on the first call, so starting the server (and listing tools) never pays for it.
 */
@Singleton
public final class QuantConnectClient {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    private final QuantConnectConfiguration configuration;
    private final CredentialsProvider credentialsProvider;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile HttpClient http;

    @jakarta.inject.Inject
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
    }

    /** Calls the operation with the given arguments as its JSON body. */
    public QuantConnectResponse call(Operation operation, Map<String, Object> arguments) {
        Credentials credentials;
        try {
            credentials = credentialsProvider.credentials();
        } catch (CredentialsUnavailableException e) {
            return new QuantConnectResponse.Failed(e.getMessage());
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(arguments == null ? Map.of() : arguments);
        } catch (JsonProcessingException e) {
            return new QuantConnectResponse.Failed("The arguments of " + operation.name() + " cannot be sent as JSON.");
        }
        long timestamp = clock.instant().getEpochSecond();
        MutableHttpRequest<byte[]> request = HttpRequest.POST(configuration.endpoint(operation.path()), body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header("Authorization", RequestSigner.authorization(credentials, timestamp));
        HttpResponse<byte[]> response;
        try {
            response = http().toBlocking().exchange(request, BYTES, BYTES);
        } catch (HttpClientResponseException e) {
            return httpError(operation, e.getStatus().getCode());
        } catch (ReadTimeoutException e) {
            return new QuantConnectResponse.Failed("QuantConnect did not answer " + operation.path() + " within "
                    + configuration.readTimeout().toSeconds() + " s.");
        } catch (HttpClientException e) {
            return new QuantConnectResponse.Failed("QuantConnect could not be reached for " + operation.path()
                    + " (connection failed).");
        }
        return envelope(operation, response.getBody().orElse(new byte[0]));
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
