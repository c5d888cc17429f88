package io.qcmcp.client;

import java.time.Duration;

/**
 * The time a request may still use. API Gateway cuts a request at 29 s; every QuantConnect call, with its
 * retries, must end before the deadline so the user gets an answer instead of a bare 504.
 *
 * @param expiresAtNanos {@link Ticker#nanoTime()} at which the time is up
 * @param ticker the time the deadline goes by
 */
public record Deadline(long expiresAtNanos, Ticker ticker) {

    /** A deadline {@code budget} from now on the system's time. */
    public static Deadline in(Duration budget) {
        return in(budget, Ticker.SYSTEM);
    }

    /** A deadline {@code budget} from now on {@code ticker}'s time. */
    public static Deadline in(Duration budget, Ticker ticker) {
        return new Deadline(ticker.nanoTime() + budget.toNanos(), ticker);
    }

    /** Another deadline, {@code budget} from now on this one's time. */
    public Deadline after(Duration budget) {
        return in(budget, ticker);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - ticker.nanoTime()));
    }

    public boolean allows(Duration wait) {
        return remaining().compareTo(wait) > 0;
    }

    /** Whichever of this deadline and {@code other} (on the same time) comes first. */
    public Deadline earlier(Deadline other) {
        return expiresAtNanos - other.expiresAtNanos <= 0 ? this : other;
    }

    /** Pauses for {@code pause} on this deadline's time; false when interrupted. */
    public boolean sleep(Duration pause) {
        return ticker.sleep(pause);
    }
}
