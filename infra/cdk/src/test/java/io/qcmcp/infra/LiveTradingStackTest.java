package io.qcmcp.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** liveTrading: off by default (the function's own default), paper or on with an alarm on executed live actions. */
class LiveTradingStackTest {

    @Test
    @DisplayName("By default the function gets no MCP_LIVE_TRADING (its default is off) and no live-actions alarm")
    void offByDefault() {
        Synthesized defaults = new Synthesized(Map.of());
        assertNull(defaults.environment().get("MCP_LIVE_TRADING"));
        assertTrue(defaults.ofType("AWS::Logs::MetricFilter").isEmpty());
    }

    @Test
    @DisplayName("liveTrading=paper sets the function's MCP_LIVE_TRADING and counts executed live actions from the "
            + "audit lines into an alarm on the deployment's recipient")
    void paperWithAlarm() {
        Synthesized paper = new Synthesized(Map.of("liveTrading", "paper", "alarmEmail", "ops@example.com"));
        assertEquals("paper", paper.environment().get("MCP_LIVE_TRADING"));
        Map<String, Object> properties = paper.one("AWS::Logs::MetricFilter");
        String pattern = String.valueOf(properties.get("FilterPattern"));
        assertTrue(pattern.contains("$.message = \"MCP audit\"") && pattern.contains("$.live IS TRUE")
                && pattern.contains("$.stage = \"executed\""), pattern);
        @SuppressWarnings("unchecked")
        Map<String, Object> transformation = ((List<Map<String, Object>>) properties.get("MetricTransformations")).get(0);
        assertEquals(QuantConnectMcpStack.METRICS_NAMESPACE, transformation.get("MetricNamespace"));
        assertEquals("LiveActions.Executed", transformation.get("MetricName"));
        Map<String, Object> alarm = paper.alarm("LiveActionsAlarm");
        assertEquals("LiveActions.Executed", alarm.get("MetricName"));
        assertFalse(String.valueOf(alarm.get("AlarmActions")).equals("null"), "the recipient is told");
    }

    @Test
    @DisplayName("confirmLive=false turns the second step off in the function; true or unset leaves its default")
    void confirmLive() {
        assertEquals("false", new Synthesized(Map.of("liveTrading", "on", "confirmLive", "false")).environment()
                .get("MCP_CONFIRM_LIVE"));
        assertNull(new Synthesized(Map.of("liveTrading", "on")).environment().get("MCP_CONFIRM_LIVE"));
        assertThrows(IllegalArgumentException.class, () -> StackSettings.from(
                new App(AppProps.builder().context(Map.of("confirmLive", "no")).build()).getNode()));
    }

    @Test
    @DisplayName("Any other value stops synth with a message")
    void refused() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> StackSettings.from(
                new App(AppProps.builder().context(Map.of("liveTrading", "yes")).build()).getNode()));
        assertTrue(wrong.getMessage().contains("liveTrading") && wrong.getMessage().contains("off, paper or on"),
                wrong.getMessage());
    }
}
