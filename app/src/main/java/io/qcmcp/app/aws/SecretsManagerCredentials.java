package io.qcmcp.app.aws;

import io.micronaut.context.annotation.Value;
import io.qcmcp.app.observability.LogSecrets;
import io.qcmcp.client.Credentials;
import io.qcmcp.client.CredentialsUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.net.URI;
import java.time.Duration;

/**
 * The QuantConnect credentials from two plain-string AWS Secrets Manager secrets. They are fetched on the
 * first call that needs them (nothing AWS is built at start) and cached for the life of the execution
 * environment; after QuantConnect rejects them they are fetched again once, so a rotated token is picked
 * up without a redeploy. Every failure becomes a message naming the secret and the fix, never its value.
 */
@Singleton
public final class SecretsManagerCredentials {

    private final String userIdName;
    private final String apiTokenName;
    private final String endpoint;
    private volatile Credentials cached;
    private volatile SecretsManagerClient client;

    SecretsManagerCredentials(@Value("${quantconnect.secrets.user-id-name:}") String userIdName,
                              @Value("${quantconnect.secrets.api-token-name:}") String apiTokenName,
                              @Value("${quantconnect.secrets.endpoint:}") String endpoint) {
        this.userIdName = userIdName == null ? "" : userIdName.strip();
        this.apiTokenName = apiTokenName == null ? "" : apiTokenName.strip();
        this.endpoint = endpoint == null ? "" : endpoint.strip();
    }

    public boolean configured() {
        return !userIdName.isEmpty() && !apiTokenName.isEmpty();
    }

    public String names() {
        return userIdName + " and " + apiTokenName;
    }

    public Credentials credentials() {
        Credentials credentials = cached;
        if (credentials != null) {
            return credentials;
        }
        synchronized (this) {
            if (cached == null) {
                cached = new Credentials(read(userIdName), read(apiTokenName));
            }
            return cached;
        }
    }

    /** QuantConnect rejected the cached values: read the secrets again on the next call. */
    public void rejected() {
        cached = null;
    }

    private String read(String name) {
        try {
            String value = client().getSecretValue(request -> request.secretId(name)).secretString();
            if (value == null || value.isBlank()) {
                throw new CredentialsUnavailableException("The secret " + name + " has no value: set it with "
                        + "aws secretsmanager put-secret-value --secret-id " + name + " --secret-string ...");
            }
            LogSecrets.register(value);
            return value.strip();
        } catch (ResourceNotFoundException e) {
            throw new CredentialsUnavailableException("The secret " + name + " was not found or has no value yet: "
                    + "create it with aws secretsmanager create-secret --name " + name + " --secret-string ... (or, "
                    + "if it exists, set it with aws secretsmanager put-secret-value --secret-id " + name
                    + " --secret-string ...)");
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("AccessDeniedException".equals(code)) {
                throw new CredentialsUnavailableException("This function is not allowed to read the secret " + name
                        + " (AccessDenied): grant secretsmanager:GetSecretValue on it to the function's role.");
            }
            if ("ThrottlingException".equals(code) || e.statusCode() == 429) {
                throw new CredentialsUnavailableException("Secrets Manager is throttling reads of " + name
                        + "; try again in a few seconds.");
            }
            throw new CredentialsUnavailableException("Secrets Manager refused to read " + name + " ("
                    + (code.isEmpty() ? "HTTP " + e.statusCode() : code) + ").");
        } catch (SdkClientException e) {
            throw new CredentialsUnavailableException("Secrets Manager could not be reached to read " + name
                    + " (check the region and network of the function).");
        } catch (SdkException e) {
            throw new CredentialsUnavailableException("Reading the secret " + name + " failed.");
        }
    }

    private SecretsManagerClient client() {
        SecretsManagerClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                            .httpClient(UrlConnectionHttpClient.builder()
                                    .connectionTimeout(Duration.ofSeconds(2))
                                    .socketTimeout(Duration.ofSeconds(3))
                                    .build());
                    if (!endpoint.isEmpty()) {
                        builder.endpointOverride(URI.create(endpoint));
                    }
                    client = builder.build();
                }
                current = client;
            }
        }
        return current;
    }

    /**
     * Drops the cached values and the client, so that both are made again on the next call. After a
     * SnapStart restore: the function's AWS credentials and the secrets may have changed since the snapshot.
     */
    public void forget() {
        SecretsManagerClient current;
        synchronized (this) {
            cached = null;
            current = client;
            client = null;
        }
        if (current != null) {
            current.close();
        }
    }

    @PreDestroy
    void close() {
        SecretsManagerClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
