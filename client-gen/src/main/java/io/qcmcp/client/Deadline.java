package io.qcmcp.client;

import java.time.Duration;

/**
 * The time a request may still use. API Gateway cuts a request at 29 s; every QuantConnect call, with its
 * retries, must end before the deadline so the user gets an answer instead of a bare 504.
 *
 * @param expiresAtNanos {@link System#nanoTime()} at which the time is up
 */
public record Deadline(long expiresAtNanos) {

    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    public boolean allows(Duration wait) {
        return remaining().compareTo(wait) > 0;
    }

    /** Whichever of this deadline and {@code other} comes first. */
    public Deadline earlier(Deadline other) {
        return expiresAtNanos - other.expiresAtNanos <= 0 ? this : other;
    }
}
