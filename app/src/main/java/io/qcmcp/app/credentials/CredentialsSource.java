package io.qcmcp.app.credentials;

import io.micronaut.context.annotation.Value;
import io.qcmcp.app.aws.SecretsManagerCredentials;
import io.qcmcp.client.Credentials;
import io.qcmcp.client.CredentialsProvider;
import io.qcmcp.client.CredentialsUnavailableException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the QuantConnect credentials come from: {@code QUANTCONNECT_USER_ID} and {@code QUANTCONNECT_API_TOKEN}
 * when both are set (local use, and they take precedence everywhere); otherwise the two Secrets Manager
 * secrets named by {@code QUANTCONNECT_SECRETS_USER_ID_NAME} and {@code QUANTCONNECT_SECRETS_API_TOKEN_NAME}
 * (AWS). Problems are reported on each tool call, never at start, so the server always starts and lists its
 * tools.
 */
@Singleton
final class CredentialsSource implements CredentialsProvider {

    private final String userId;
    private final String apiToken;
    private final SecretsManagerCredentials secrets;

    CredentialsSource(@Value("${quantconnect.user-id:}") String userId,
                      @Value("${quantconnect.api-token:}") String apiToken,
                      SecretsManagerCredentials secrets) {
        this.userId = userId == null ? "" : userId.strip();
        this.apiToken = apiToken == null ? "" : apiToken.strip();
        this.secrets = secrets;
    }

    @Override
    public Credentials credentials() {
        if (!userId.isEmpty() && !apiToken.isEmpty()) {
            return new Credentials(userId, apiToken);
        }
        if (secrets.configured()) {
            return secrets.credentials();
        }
        List<String> missing = new ArrayList<>(2);
        if (userId.isEmpty()) {
            missing.add("QUANTCONNECT_USER_ID");
        }
        if (apiToken.isEmpty()) {
            missing.add("QUANTCONNECT_API_TOKEN");
        }
        throw new CredentialsUnavailableException("QuantConnect credentials are not configured: set "
                + String.join(" and ", missing) + " (your user id and API token from quantconnect.com, "
                + "Account > API access) in the environment of the server.");
    }

    @Override
    public void rejected() {
        if (userId.isEmpty() || apiToken.isEmpty()) {
            secrets.rejected();
        }
    }

    @Override
    public String origin() {
        if (!userId.isEmpty() && !apiToken.isEmpty()) {
            return "the environment variables QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN";
        }
        return secrets.configured() ? "the Secrets Manager secrets " + secrets.names()
                : "nowhere (not configured)";
    }
}
