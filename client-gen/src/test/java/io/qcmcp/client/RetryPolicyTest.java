package io.qcmcp.client;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RetryPolicy} on its own, on a time that moves only by its pauses ({@link PausedTime}): no real time spent
 * waiting.
 */
class RetryPolicyTest {

    private static final Operation READ = Operation.plain("read_account", "/account/read",
            new Operation.Hints(true, false, true, false), "account");

    @Test
    @DisplayName("Retry-After is waited exactly, on the deadline's time, before the next attempt")
    void retryAfterIsHonoured() {
        PausedTime time = new PausedTime();
        List<Duration> given = new ArrayList<>();
        QuantConnectResponse response = new RetryPolicy(3).run(READ, Deadline.in(Duration.ofSeconds(10), time),
                left -> {
                    given.add(left);
                    return given.size() == 1
                            ? new Outcome(429, null, Duration.ofSeconds(3), "answered 429", false)
                            : Outcome.answer(200, new QuantConnectResponse.Success(java.util.Map.of()));
                });
        assertInstanceOf(QuantConnectResponse.Success.class, response);
        assertEquals(List.of(Duration.ofSeconds(3)), time.pauses());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(7)), given, "each attempt gets what is left");
    }

    @Test
    @DisplayName("Backoff grows with jitter, and no attempt starts that the deadline leaves no room for")
    void backoffStopsAtTheDeadline() {
        PausedTime time = new PausedTime();
        int[] attempts = {0};
        QuantConnectResponse response = new RetryPolicy(10).run(READ, Deadline.in(Duration.ofSeconds(2), time),
                left -> {
                    attempts[0]++;
                    return Outcome.fault("reset the connection");
                });
        assertInstanceOf(QuantConnectResponse.Failed.class, response);
        assertTrue(attempts[0] >= 3 && attempts[0] <= 5, attempts[0] + " attempts in 2 s of backoff");
        Duration paused = time.pauses().stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(paused.compareTo(Duration.ofSeconds(2)) < 0, "paused " + paused);
        for (int i = 0; i < time.pauses().size(); i++) {
            long ceiling = 200L << i;
            long millis = time.pauses().get(i).toMillis();
            assertTrue(millis >= ceiling / 2 && millis <= ceiling, "pause " + i + ": " + millis + " ms");
        }
    }
}
