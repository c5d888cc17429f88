package io.qcmcp.app.tools;

import io.qcmcp.client.Deadline;
import io.qcmcp.client.PausedTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Waiting} on a time that moves only when it pauses ({@link PausedTime}): exact pauses and bounds, no real
 * time spent.
 */
class WaitingTest {

    @Test
    @DisplayName("Pauses grow by half each time up to four times the first, and the last one stops at the wait's end")
    void pausesGrowAndEndOnTime() {
        PausedTime time = new PausedTime();
        int[] reads = {0};
        String answer = new Waiting(Duration.ofMillis(100)).until(() -> "read " + ++reads[0], read -> false,
                Deadline.in(Duration.ofSeconds(2), time));
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(225),
                Duration.ofNanos(337_500_000), Duration.ofMillis(400), Duration.ofMillis(400),
                Duration.ofNanos(387_500_000)), time.pauses());
        assertEquals("read 8", answer, "the last answer, read at the wait's end");
    }

    @Test
    @DisplayName("waitSeconds bounds the reads too: each must end one last read after the wait, however slow "
            + "QuantConnect is, and never after the request's deadline")
    void waitSecondsBoundsTheReads() {
        PausedTime time = new PausedTime();
        Deadline request = Deadline.in(Duration.ofSeconds(25), time);
        Deadline end = Waiting.end(3, Duration.ZERO, request);
        assertEquals(Duration.ofSeconds(3), end.remaining());
        assertEquals(Duration.ofSeconds(5), Waiting.readDeadline(3, end, request).remaining());
        assertEquals(request, Waiting.readDeadline(null, end, request), "without waitSeconds, the request's deadline");

        Deadline shortRequest = Deadline.in(Duration.ofSeconds(4), time);
        Deadline capped = Waiting.end(600, Duration.ZERO, shortRequest);
        assertEquals(Duration.ofSeconds(2), capped.remaining(), "the request's 4 s less one last read");
        assertEquals(shortRequest, Waiting.readDeadline(600, capped, shortRequest));
    }
}
