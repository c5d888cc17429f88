package io.qcmcp.app.mcp;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.SkippingTicker;
import io.qcmcp.app.support.TestLambdaContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaDeadlineTest {

    @Test
    @DisplayName("On Lambda the deadline is the invocation's remaining time less a reserve, so a slow QuantConnect "
            + "still gets a tool error before the function is cut")
    void remainingTimeShortensTheBudget() throws Exception {
        WireMockServer qc = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        qc.start();
        qc.stubFor(post(urlEqualTo("/api/v2/account/read")).willReturn(okJson("{\"success\":true}").withFixedDelay(20_000)));
        try (LambdaHandler lambda = new LambdaHandler(Map.of("quantconnect.api-url", qc.baseUrl() + "/api/v2",
                "quantconnect.user-id", FakeQuantConnect.USER_ID, "quantconnect.api-token", FakeQuantConnect.API_TOKEN))) {
            lambda.handle(LambdaHandler.event("POST", Map.of("Content-Type", "application/json", "Accept",
                    "application/json"), "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"ping\"}"), new TestLambdaContext(30_000));
            SkippingTicker ticker = SkippingTicker.of(lambda.applicationContext());
            long start = ticker.nanoTime();
            APIGatewayProxyResponseEvent response = lambda.handle(LambdaHandler.event("POST",
                    Map.of("Content-Type", "application/json", "Accept", "application/json"),
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\"}}"),
                    new TestLambdaContext(2100));
            long millis = (ticker.nanoTime() - start) / 1_000_000;
            assertEquals(200, response.getStatusCode());
            JsonNode result = new ObjectMapper().readTree(response.getBody()).get("result");
            assertTrue(result.get("isError").asBoolean());
            assertTrue(result.at("/content/0/text").asText().contains("/account/read"), result.toString());
            // The deadline is the 2.1 s left less the 1.5 s reserve. Red when it ignores the invocation's
            // remaining time: within the 25 s budget the 20 s answer would come back, a success. Red too when it
            // answers before its deadline. No upper bound on real time: a loaded machine may be slow.
            assertTrue(millis >= 600, "answered after " + millis + " ms, at the 0.6 s deadline");
        } finally {
            qc.stop();
        }
    }

    @Test
    @DisplayName("Invocations leave nothing behind in the bean registry, so a warm function does not slow down or grow")
    void invocationsDoNotAccumulateBeans() {
        try (LambdaHandler lambda = new LambdaHandler(Map.of())) {
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
            Map<String, String> headers = Map.of("Content-Type", "application/json", "Accept", "application/json");
            for (int i = 0; i < 200; i++) {
                assertEquals(200, lambda.handle(LambdaHandler.event("POST", headers, ping)).getStatusCode());
            }
            assertEquals(0, lambda.applicationContext().getBeanDefinitions(Context.class).size());
            assertEquals(0, lambda.applicationContext().getBeanDefinitions(LambdaLogger.class).size());
        }
    }
}
