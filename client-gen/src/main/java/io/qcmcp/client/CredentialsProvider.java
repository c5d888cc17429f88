package io.qcmcp.client;

/**
 * Where the QuantConnect credentials come from: the environment locally, AWS Secrets Manager on Lambda.
 */
public interface CredentialsProvider {

    /**
     * @return the credentials to sign the next request with
     * @throws CredentialsUnavailableException when they cannot be had; its message says which settings
     *     are missing or what failed, and never contains a secret
     */
    Credentials credentials();

    /** Called when QuantConnect rejected the credentials, so a rotated secret can be fetched again. */
    default void rejected() {
    }

    /** Where the credentials come from, for messages (setting or secret names, never values). */
    default String origin() {
        return "the server's configuration";
    }
}
