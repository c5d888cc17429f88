package io.qcmcp.client;

import java.time.Duration;
import java.util.Locale;

/**
 * What one attempt at an operation gave: an answer (to return, or to retry when the status allows it) or a
 * transport fault. It is its own type so that {@link HttpTransport} and {@link AnswerReader} can say what
 * happened and {@link RetryPolicy} alone decides whether to try again.
 *
 * @param status the HTTP status, 0 when no answer came
 * @param response what to return if this is the last attempt; null after a transport fault
 * @param retryAfter how long QuantConnect asked us to wait ({@code Retry-After}), or null
 * @param fault what went wrong, for the message of a last attempt without a response; null otherwise
 * @param beforeAnswer whether the connection failed (refused, closed or reset) before any byte of an answer
 *     came back: what a request sent on a kept-alive connection that QuantConnect had just closed gets
 */
record Outcome(int status, QuantConnectResponse response, Duration retryAfter, String fault, boolean beforeAnswer) {

    private static final String TIMED_OUT = "did not answer within ";

    /**
     * No usable answer: the wait timed out, or the answer broke off. QuantConnect may have acted on the
     * request.
     */
    static Outcome fault(String fault) {
        return new Outcome(0, null, null, fault, false);
    }

    /** No answer within {@code timeout}. */
    static Outcome timedOut(Duration timeout) {
        return fault(TIMED_OUT + String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0));
    }

    /** The connection failed before any byte of an answer came back (see {@link #beforeAnswer}). */
    static Outcome connectionLost(String fault) {
        return new Outcome(0, null, null, fault, true);
    }

    /** An answer that says what it says (success, refusal, redirect or unreadable body). */
    static Outcome answer(int status, QuantConnectResponse response) {
        return new Outcome(status, response, null, null, false);
    }

    /** An answer larger than this server reads: never asked for again, since it would be as large again. */
    static Outcome tooLarge(Operation operation, int limit) {
        return answer(0, new QuantConnectResponse.TooLarge(String.format(Locale.ROOT, "Answer too large: "
                + "QuantConnect's answer to %s is over this server's limit of %,d bytes (quantconnect.max-answer-bytes, "
                + "QUANTCONNECT_MAX_ANSWER_BYTES), so it was not read.", operation.path(), limit)));
    }

    /**
     * Whether trying again may give another result: no answer, too many requests, or a server error; never an
     * answer that was too large.
     */
    boolean retryable() {
        return response == null
                || !(response instanceof QuantConnectResponse.TooLarge) && (status == 429 || status >= 500);
    }

    /**
     * The result of the call if this attempt, the {@code attempts}-th, is the last; a timeout carries the
     * operation's advice for it ({@code x-mcp-on-timeout}).
     */
    QuantConnectResponse result(Operation operation, int attempts) {
        return response != null ? response : new QuantConnectResponse.Failed("QuantConnect " + fault + " for "
                + operation.path() + (attempts > 1 ? " (" + attempts + " attempts)" : "") + "."
                + (fault.startsWith(TIMED_OUT) ? operation.timeoutAdvice() : ""),
                QuantConnectResponse.Failed.Cause.UNREACHABLE);
    }
}
