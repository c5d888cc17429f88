package io.qcmcp.app.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.qcmcp.client.Ticker;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time of every test context: the system's, moved on at once by each pause instead of sleeping through it.
 * Waits, retry backoffs and Retry-After take no real time, while the time a fake QuantConnect takes to answer
 * still counts against a deadline. Tests assert on {@link #skipped()}, never on how long they took for real.
 */
@Singleton
@Requires(env = Environment.TEST)
public final class SkippingTicker implements Ticker {

    private final AtomicLong skippedNanos = new AtomicLong();

    /** The one of {@code context}, where the application's deadlines and waits go by. */
    public static SkippingTicker of(io.micronaut.context.ApplicationContext context) {
        return context.getBean(SkippingTicker.class);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + skippedNanos.get();
    }

    @Override
    public boolean sleep(Duration pause) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        skippedNanos.addAndGet(pause.toNanos());
        return true;
    }

    /** All the pauses so far, skipped. */
    public Duration skipped() {
        return Duration.ofNanos(skippedNanos.get());
    }
}
