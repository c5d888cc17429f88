package io.qcmcp.app.mcp;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack alarms when the function's p99 duration is over 25 s: with the default settings a call, long-polls
 * that use their whole default wait included, ends at least 2 s before that, so the alarm means an overrun.
 */
class DurationAlarmMarginTest {

    /** The threshold of the stack's DurationP99Alarm. */
    private static final Duration DURATION_ALARM = Duration.ofSeconds(25);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    @Test
    @DisplayName("On a 30 s Lambda the default deadline leaves at least 2 s before the 25 s duration alarm")
    void deadlineEndsBeforeTheAlarm() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("quantconnect.user-id", "1",
                "quantconnect.api-token", "t"))) {
            McpEndpoint endpoint = context.getBean(McpEndpoint.class);
            McpRequest request = new McpRequest("POST", Map.of(), new byte[0], "r-1", Duration.ofSeconds(30));
            Duration deadline = endpoint.deadline(request).remaining();
            assertTrue(deadline.plus(MARGIN).compareTo(DURATION_ALARM) <= 0, "deadline " + deadline);
            assertTrue(deadline.compareTo(Duration.ofSeconds(21)) >= 0, "still about 22-23 s of work: " + deadline);
        }
    }
}
