package io.qcmcp.client;

/**
 * QuantConnect API credentials. {@link #toString()} never shows the token.
 *
 * @param userId the numeric user id, as a string
 * @param apiToken the API token, used only to sign requests and never sent
 */
public record Credentials(String userId, String apiToken) {

    @Override
    public String toString() {
        return "Credentials[userId=" + userId + ", apiToken=***]";
    }
}
