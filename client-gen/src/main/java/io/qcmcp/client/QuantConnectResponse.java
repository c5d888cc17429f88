package io.qcmcp.client;

import java.util.List;
import java.util.Map;

/**
 * What came of one QuantConnect call. Every message is written for the user and never holds a secret.
 */
public sealed interface QuantConnectResponse {

    /** QuantConnect answered with {@code success: true}; {@code body} is its whole JSON object. */
    record Success(Map<String, Object> body) implements QuantConnectResponse {
    }

    /** QuantConnect answered but refused: {@code success: false} with its error strings. */
    record Rejected(List<String> errors, Map<String, Object> body) implements QuantConnectResponse {
    }

    /**
     * No usable answer: missing credentials, a transport fault, an HTTP error or a body that is not JSON.
     * {@code cause} says which kind, for the function's metrics; the message is for the user.
     */
    record Failed(String message, Cause cause) implements QuantConnectResponse {

        /** A failure of no kind the metrics count apart. */
        public Failed(String message) {
            this(message, Cause.OTHER);
        }

        /** The kinds of failure an operator is alarmed of apart. */
        public enum Cause {
            /** QuantConnect refused the signature: the user id or API token is wrong. */
            CREDENTIALS_REJECTED,
            /** There were no credentials to sign with (not configured, or the secrets could not be read). */
            CREDENTIALS_MISSING,
            /** QuantConnect gave no answer, or answered with a server error (5xx). */
            UNREACHABLE,
            /** Anything else. */
            OTHER
        }
    }

    /**
     * QuantConnect's answer is larger than this server reads ({@code quantconnect.max-answer-bytes}); it was
     * not read, and is not asked for again. Its own kind, so that the app can name the narrower tool to use.
     */
    record TooLarge(String message) implements QuantConnectResponse {
    }
}
