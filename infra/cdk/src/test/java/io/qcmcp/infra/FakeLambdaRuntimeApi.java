package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the Lambda Runtime API (2018-06-01) on loopback: the runtime interface client in the function's
 * JVM asks it for the next invocation and posts the answer back, as it does on Lambda. One invocation at a time.
 */
final class FakeLambdaRuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";
    private static final long ANSWER_TIMEOUT_SECONDS = 120;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private int invocations;

    FakeLambdaRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext(BASE, this::handle);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Hands the event to the function and waits for its answer (or its reported error). */
    JsonNode invoke(byte[] event) throws InterruptedException {
        events.put(event);
        JsonNode answer = answers.poll(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (answer == null) {
            throw new AssertionError("the function gave no answer within " + ANSWER_TIMEOUT_SECONDS + " s "
                    + "(see target/as-deployed/function.log)");
        }
        if (answer.has("errorType") || answer.has("errorMessage")) {
            throw new AssertionError("the function reported an error: " + answer);
        }
        return answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            if (path.equals("invocation/next") && "GET".equals(exchange.getRequestMethod())) {
                byte[] event = events.take();
                String id = "as-deployed-invocation-" + (++invocations);
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", id);
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        Long.toString(System.currentTimeMillis() + 30_000));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:QuantConnectMcp-Function:live");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, event.length);
                exchange.getResponseBody().write(event);
            } else if (path.endsWith("/response") || path.endsWith("/error")) {
                answers.put(body.length == 0 ? json.createObjectNode() : json.readTree(body));
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
