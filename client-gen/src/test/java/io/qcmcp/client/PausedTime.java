package io.qcmcp.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Ticker} that stands still but for its pauses, each of which it records: waits, retries and deadlines
 * run on it in no real time, and a test asserts on exactly the pauses taken. Shared with the app's tests through
 * this module's test-jar (which holds this class alone).
 */
public final class PausedTime implements Ticker {

    private long now;
    private final List<Duration> pauses = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean sleep(Duration pause) {
        pauses.add(pause);
        now += pause.toNanos();
        return true;
    }

    /** Every pause so far, in order. */
    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
