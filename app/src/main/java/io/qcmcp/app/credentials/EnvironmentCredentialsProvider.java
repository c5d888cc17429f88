package io.qcmcp.app.credentials;

import io.micronaut.context.annotation.Value;
import io.qcmcp.client.Credentials;
import io.qcmcp.client.CredentialsProvider;
import io.qcmcp.client.CredentialsUnavailableException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Credentials from the configuration: {@code QUANTCONNECT_USER_ID} and {@code QUANTCONNECT_API_TOKEN}.
 * Missing values are reported on each tool call, never at start, so the server always starts and lists
 * its tools.
 */
@Singleton
final class EnvironmentCredentialsProvider implements CredentialsProvider {

    private final String userId;
    private final String apiToken;

    EnvironmentCredentialsProvider(@Value("${quantconnect.user-id:}") String userId,
                                   @Value("${quantconnect.api-token:}") String apiToken) {
        this.userId = userId == null ? "" : userId.strip();
        this.apiToken = apiToken == null ? "" : apiToken.strip();
    }

    @Override
    public Credentials credentials() {
        List<String> missing = new ArrayList<>(2);
        if (userId.isEmpty()) {
            missing.add("QUANTCONNECT_USER_ID");
        }
        if (apiToken.isEmpty()) {
            missing.add("QUANTCONNECT_API_TOKEN");
        }
        if (!missing.isEmpty()) {
            throw new CredentialsUnavailableException("QuantConnect credentials are not configured: set "
                    + String.join(" and ", missing) + " (your user id and API token from quantconnect.com, "
                    + "Account > API access) in the environment of the server.");
        }
        return new Credentials(userId, apiToken);
    }
}
