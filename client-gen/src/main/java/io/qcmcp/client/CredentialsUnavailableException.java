package io.qcmcp.client;

/** The credentials cannot be had; the message is safe to show to the user. */
public final class CredentialsUnavailableException extends RuntimeException {

    public CredentialsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
