import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One cold start, as Lambda does it: a new JVM builds the API Gateway v1 handler and answers one tools/list
 * event. Prints the time from process start (the OS's start time of this process) to the first response,
 * and the peak resident memory. Run by bench/cold.sh, many times, each in a new process.
 */
public final class Cold {

    public static void main(String[] args) throws Exception {
        ApiGatewayProxyRequestEventFunction handler = new ApiGatewayProxyRequestEventFunction();
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/mcp").withResource("/mcp")
                .withHeaders(Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream"))
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("cold").withStage("prod").withResourcePath("/mcp").withHttpMethod("POST"));
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, new MockLambdaContext());
        Instant answered = Instant.now();
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        long peakKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                peakKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        System.out.println("COLD status=" + response.getStatusCode() + " ms=" + Duration.between(started, answered).toMillis()
                + " rssMb=" + peakKb / 1024 + " bytes=" + response.getBody().length());
        System.exit(0);
    }
}
