package io.qcmcp.client;

import java.util.function.Function;

/**
 * The credentials calls are signed with, and what happens when QuantConnect rejects them. A secret can be
 * rotated while the server runs: on a rejection the provider is told, and the call is sent once more if the
 * provider then has other credentials. A rejection that stays is reported with where the credentials come
 * from, never with their values.
 */
final class CredentialRenewal {

    private final CredentialsProvider provider;

    CredentialRenewal(CredentialsProvider provider) {
        this.provider = provider;
    }

    /**
     * The credentials to sign with now.
     *
     * @throws CredentialsUnavailableException when there are none; the message is safe to show
     */
    Credentials current() {
        return provider.credentials();
    }

    /** Sends with {@code credentials}, and once more with fresh ones if QuantConnect rejects them. */
    QuantConnectResponse send(Operation operation, Credentials credentials,
                              Function<Credentials, QuantConnectResponse> send) {
        QuantConnectResponse response = send.apply(credentials);
        if (!isRejection(response)) {
            return response;
        }
        provider.rejected();
        Credentials fresh;
        try {
            fresh = provider.credentials();
        } catch (CredentialsUnavailableException e) {
            return new QuantConnectResponse.Failed(e.getMessage(), QuantConnectResponse.Failed.Cause.CREDENTIALS_MISSING);
        }
        if (!fresh.equals(credentials)) {
            response = send.apply(fresh);
        }
        if (isRejection(response)) {
            return new QuantConnectResponse.Failed("QuantConnect rejected the credentials for " + operation.path()
                    + " (" + String.join("; ", ((QuantConnectResponse.Rejected) response).errors()) + "): "
                    + advice() + ".", QuantConnectResponse.Failed.Cause.CREDENTIALS_REJECTED);
        }
        return response;
    }

    /** What to check when the credentials may be wrong: where they come from, never their values. */
    String advice() {
        return "check the user id and API token in " + provider.origin();
    }

    /**
     * QuantConnect's ways of saying the signature is wrong: its {@code Hash doesn't match} (which
     * {@link AnswerReader} reports as {@link AnswerReader#SIGNATURE_REFUSED}), or HTTP 401 and 403.
     */
    private static boolean isRejection(QuantConnectResponse response) {
        return response instanceof QuantConnectResponse.Rejected rejected && rejected.errors().stream()
                .anyMatch(error -> error.equals(AnswerReader.SIGNATURE_REFUSED) || error.equals("HTTP 401")
                        || error.equals("HTTP 403"));
    }
}
