import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Warm latency through the Lambda handler, in one JVM, against a zero-latency fake QuantConnect in the same
 * process: initialize, tools/list and tools/call (read_account), each warmed up then measured; and the fake's
 * own round trip measured directly, so that tools/call overhead = tools/call - round trip. Run by
 * bench/warm.sh.
 */
public final class Warm {

    /** A Lambda invocation with the 30 s the deployed function has, so tool calls get their real deadline. */
    static final MockLambdaContext INVOCATION = new MockLambdaContext() {
        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }
    };
    static final int WARMUP = 3_000;
    static final int MEASURED = 10_000;

    public static void main(String[] args) throws Exception {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = fake.getAddress().getPort();
        byte[] account = "{\"organizationId\":\"o\",\"creditBalance\":1,\"success\":true,\"errors\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        fake.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, account.length);
            exchange.getResponseBody().write(account);
            exchange.close();
        });
        fake.start();
        System.setProperty("quantconnect.api-url", "http://127.0.0.1:" + port + "/api/v2");
        ApiGatewayProxyRequestEventFunction handler = new ApiGatewayProxyRequestEventFunction();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\",\"arguments\":{}}}";
        APIGatewayProxyResponseEvent listed = send(handler, list);
        System.out.println("tools/list bytes: " + listed.getBody().getBytes(StandardCharsets.UTF_8).length);
        report("initialize", measure(handler, initialize));
        report("tools/list", measure(handler, list));
        long[] calls = measure(handler, call);
        report("tools/call", calls);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest direct = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/account/read"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        long[] roundTrips = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long t0 = System.nanoTime();
            http.send(direct, HttpResponse.BodyHandlers.ofByteArray());
            if (i >= WARMUP) {
                roundTrips[i - WARMUP] = System.nanoTime() - t0;
            }
        }
        report("fake round trip", roundTrips);
        Arrays.sort(calls);
        Arrays.sort(roundTrips);
        System.out.printf("tools/call overhead p50: %.3f ms%n", (pct(calls, 0.5) - pct(roundTrips, 0.5)) / 1e6);
        fake.stop(0);
        System.exit(0);
    }

    static APIGatewayProxyResponseEvent send(ApiGatewayProxyRequestEventFunction handler, String body) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/mcp").withResource("/mcp")
                .withHeaders(Map.of("Content-Type", "application/json", "Accept", "application/json"))
                .withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("w").withStage("prod"));
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, INVOCATION);
        if (response.getStatusCode() != 200 || response.getBody().contains("\"isError\":true")) {
            throw new IllegalStateException("unexpected answer: " + response.getBody());
        }
        return response;
    }

    static long[] measure(ApiGatewayProxyRequestEventFunction handler, String body) {
        long[] times = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long t0 = System.nanoTime();
            send(handler, body);
            if (i >= WARMUP) {
                times[i - WARMUP] = System.nanoTime() - t0;
            }
        }
        return times;
    }

    static void report(String name, long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf("%-16s p50 %.3f ms  p99 %.3f ms%n", name, pct(sorted, 0.5) / 1e6, pct(sorted, 0.99) / 1e6);
    }

    static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
