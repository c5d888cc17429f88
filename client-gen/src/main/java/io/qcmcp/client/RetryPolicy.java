package io.qcmcp.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * When to try an operation again. Operations that are safe to repeat ({@link Operation#retrySafe()}) are
 * retried after a transport fault, a 429 or a 5xx: an attempt of any other operation that failed on the way back
 * may already have been processed. Any operation but those that {@link Operation#changesLiveTrading() change
 * live trading} is sent once more when the connection failed before any byte of an answer came back
 * ({@link Outcome#beforeAnswer()}): that is how a request sent on a kept-alive connection QuantConnect had just
 * closed fails, and the resend goes out on a new connection. A timeout or an answer that broke off is never
 * such a failure. Waits follow {@code Retry-After} when QuantConnect sends it, else exponential backoff with
 * jitter, so that clients that failed together do not retry together. No attempt is started that could not end
 * before the request's {@link Deadline}; the waits are paused on the deadline's {@link Ticker}.
 */
final class RetryPolicy {

    private static final Duration BASE_BACKOFF = Duration.ofMillis(200);
    /** The least time worth giving an attempt; with less left, the call ends instead. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(250);

    private final int maxAttempts;

    RetryPolicy(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /**
     * Runs {@code attempt} (given the time it may take) until it gives a result to keep, the operation may not
     * be repeated, the attempts are used up, or the deadline leaves no room for another.
     */
    QuantConnectResponse run(Operation operation, Deadline deadline, Function<Duration, Outcome> attempt) {
        int attempts = 0;
        boolean resent = false;
        while (true) {
            attempts++;
            Duration left = deadline.remaining();
            if (left.compareTo(MIN_ATTEMPT) < 0) {
                return new QuantConnectResponse.Failed("QuantConnect did not answer " + operation.path()
                        + " in the time this request had left; try again." + operation.timeoutAdvice());
            }
            Outcome outcome = attempt.apply(left);
            if (outcome.retryable() && operation.retrySafe() && attempts < maxAttempts) {
                Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(attempts);
                if (!deadline.allows(wait.plus(MIN_ATTEMPT))) {
                    return outcome.result(operation, attempts);
                }
                if (!deadline.sleep(wait)) {
                    return outcome.result(operation, attempts);
                }
            } else if (outcome.beforeAnswer() && !resent && !operation.retrySafe()
                    && !operation.changesLiveTrading() && deadline.allows(MIN_ATTEMPT)) {
                resent = true;
            } else {
                return outcome.result(operation, attempts);
            }
        }
    }

    /** The wait after the {@code attempt}-th attempt: at random in the upper half of a doubling ceiling. */
    private static Duration backoff(int attempt) {
        long ceiling = BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 6);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
