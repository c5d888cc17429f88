package io.qcmcp.client;

import java.time.Duration;

/**
 * The time that deadlines, waits and retries go by, and the way they pause: {@link #SYSTEM} in production
 * ({@link System#nanoTime()} and {@link Thread#sleep}); a test's may skip its pauses instead of sleeping through
 * them, so that waiting, retry and deadline tests run in milliseconds. A plain object, not a bean: the
 * production code takes {@link #SYSTEM} when no other is given, and nothing is looked up at start.
 */
public interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean sleep(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    };

    /** Now, in nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Pauses for {@code pause}; false when interrupted (the request is being abandoned; the flag is set again). */
    boolean sleep(Duration pause);
}
