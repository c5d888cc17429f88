package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp.Reply;
import io.qcmcp.app.support.RawHttp;
import io.qcmcp.app.support.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the local server does with a connection before a request reaches /mcp: headers it cannot read, a
 * request without the key or from a foreign origin (refused before the body is read), a body or headers that
 * stall, more requests at once than it takes, and the bound on the threads that run tool calls. None of this
 * exists on Lambda, where API Gateway reads the request before the function sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalServerConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "connection-test-key";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    /** The read timeout configured here; the default is 10 s. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_CONCURRENT = 2;

    private LocalServer server;

    @BeforeAll
    void start() {
        server = new LocalServer(Map.of("mcp.api-key", KEY, "mcp.allowed-origins", "https://inspector.example",
                "micronaut.server.read-idle-timeout", READ_TIMEOUT.toSeconds() + "s",
                "mcp.max-concurrent-requests", MAX_CONCURRENT));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private RawHttp connect() {
        return new RawHttp(server.uri());
    }

    /** A JSON-RPC error answer with a null id and the given status, and what its message says. */
    private static String jsonRpcError(Reply reply, int status) throws IOException {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.header("content-type").startsWith("application/json"), reply.headers().toString());
        JsonNode body = JSON.readTree(reply.body());
        assertTrue(body.get("id").isNull(), reply.body());
        assertEquals("2.0", body.get("jsonrpc").asText(), reply.body());
        assertEquals(-32600, body.at("/error/code").asInt(), reply.body());
        return body.at("/error/message").asText();
    }

    /** Runs {@code exchange} and returns the request log lines it caused. */
    private static List<Map<String, Object>> logged(IoAction exchange) {
        return RequestLog.linesDuring(() -> {
            try {
                exchange.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void assertOneFailedLine(List<Map<String, Object>> lines) {
        assertOneFailedLine(lines, "POST");
    }

    private static void assertOneFailedLine(List<Map<String, Object>> lines, String method) {
        assertEquals(1, lines.size(), lines.toString());
        assertEquals(method, lines.get(0).get("method"), lines.toString());
        assertEquals(false, lines.get(0).get("success"), lines.toString());
    }

    @Test
    @DisplayName("Headers over 8 KB get 431, a request line over 4 KB 414, each a JSON-RPC error with one request log line")
    void headersTooLarge() {
        assertOneFailedLine(logged(() -> {
            try (RawHttp raw = connect()) {
                Reply reply = raw.send(RawHttp.post(0, "x-api-key: " + KEY, "X-Pad: " + "a".repeat(9000)))
                        .read(Duration.ofSeconds(5));
                assertTrue(jsonRpcError(reply, 431).contains("8192"), reply.body());
                assertTrue(raw.closedWithin(Duration.ofSeconds(5)));
            }
        }));
        assertOneFailedLine(logged(() -> {
            try (RawHttp raw = connect()) {
                Reply reply = raw.send(RawHttp.post(0, "x-api-key: " + KEY).replace("/mcp", "/mcp?" + "q".repeat(5000)))
                        .read(Duration.ofSeconds(5));
                assertTrue(jsonRpcError(reply, 414).contains("request line"), reply.body());
            }
        }), ConnectionGuard.UNREADABLE);
        assertEquals(200, server.send("POST", headers(), LIST).status());
    }

    @Test
    @DisplayName("A NUL or CR in a header gets 400 with a JSON-RPC error and one request log line")
    void forbiddenCharacters() {
        for (String header : new String[] {"X-Test: a\u0000b", "X-Test: a\rb", "X-Te\u0000st: a", "X-Test\r: a"}) {
            assertOneFailedLine(logged(() -> {
                try (RawHttp raw = connect()) {
                    Reply reply = raw.send(RawHttp.post(0, "x-api-key: " + KEY, header)).read(Duration.ofSeconds(5));
                    assertTrue(jsonRpcError(reply, 400).contains("header"), reply.body());
                }
            }));
        }
        assertEquals(200, server.send("POST", headers(), LIST).status());
    }

    @Test
    @DisplayName("A request without the key, or from a foreign origin, is refused while its body is still withheld")
    void refusedBeforeTheBody() throws IOException {
        try (RawHttp raw = connect()) {
            Reply reply = raw.send(RawHttp.post(5_000_000)).read(READ_TIMEOUT.dividedBy(2));
            assertEquals(401, reply.status(), reply.body());
            assertTrue(JSON.readTree(reply.body()).at("/error/message").asText().contains("x-api-key"), reply.body());
        }
        try (RawHttp raw = connect()) {
            Reply reply = raw.send(RawHttp.post(5_000_000, "x-api-key: " + KEY, "Origin: https://evil.example"))
                    .read(READ_TIMEOUT.dividedBy(2));
            assertEquals(403, reply.status(), reply.body());
        }
        try (RawHttp raw = connect()) {
            Reply reply = raw.send(RawHttp.post(5_000_000, "Origin: https://inspector.example"))
                    .read(READ_TIMEOUT.dividedBy(2));
            assertEquals(401, reply.status(), reply.body());
            assertEquals("https://inspector.example", reply.header("access-control-allow-origin"), reply.headers().toString());
        }
    }

    @Test
    @DisplayName("A body that stops arriving gets 408 and the connection is closed after the read timeout")
    void stalledBody() {
        assertOneFailedLine(logged(() -> {
            try (RawHttp raw = connect()) {
                long start = System.nanoTime();
                Reply reply = raw.send(RawHttp.post(1000, "x-api-key: " + KEY) + "{\"jsonrpc\":").read(READ_TIMEOUT.multipliedBy(3));
                assertTrue(jsonRpcError(reply, 408).contains(READ_TIMEOUT.toSeconds() + " s"), reply.body());
                assertTrue(raw.closedWithin(Duration.ofSeconds(2)));
                assertTrue(System.nanoTime() - start >= READ_TIMEOUT.toNanos(), "answered before the timeout");
            }
        }));
    }

    @Test
    @DisplayName("Headers that stop arriving, and a connection left idle, are closed after the read timeout")
    void stalledHeaders() throws IOException {
        try (RawHttp raw = connect()) {
            raw.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + KEY + "\r\n");
            assertTrue(raw.closedWithin(READ_TIMEOUT.multipliedBy(3)), "half-sent headers kept open");
        }
        try (RawHttp raw = connect()) {
            String body = LIST;
            Reply reply = raw.send(RawHttp.post(body.length(), "x-api-key: " + KEY) + body).read(Duration.ofSeconds(5));
            assertEquals(200, reply.status());
            assertTrue(raw.closedWithin(READ_TIMEOUT.multipliedBy(3)), "an idle keep-alive connection kept open");
        }
    }

    @Test
    @DisplayName("Beyond mcp.max-concurrent-requests requests at once, a request gets 503 at once; a freed place is taken again")
    void concurrencyBound() throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONCURRENT; i++) {
                stalled.add(connect().send(RawHttp.post(1000, "x-api-key: " + KEY) + "{"));
            }
            Thread.sleep(300);
            try (RawHttp raw = connect()) {
                long start = System.nanoTime();
                Reply reply = raw.send(RawHttp.post(LIST.length(), "x-api-key: " + KEY) + LIST).read(Duration.ofSeconds(1));
                assertTrue(jsonRpcError(reply, 503).contains(Integer.toString(MAX_CONCURRENT)), reply.body());
                assertEquals("1", reply.header("retry-after"), reply.headers().toString());
                assertTrue(System.nanoTime() - start < READ_TIMEOUT.toNanos());
            }
        } finally {
            stalled.forEach(RawHttp::close);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            status = server.send("POST", headers(), LIST).status();
            Thread.sleep(50);
        }
        assertEquals(200, status, "the places of closed connections are given back");
    }

    @Test
    @DisplayName("Tool calls run on a fixed pool (MCP_BLOCKING_THREADS, 32 by default); more wait in its queue")
    void blockingExecutorBounded() throws Exception {
        assertEquals(32, server.context().getProperty("micronaut.executors.blocking.n-threads", Integer.class).orElse(0));
        ExecutorService blocking = server.context().getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < 40; i++) {
                blocking.execute(() -> {
                    running.incrementAndGet();
                    threads.add(Thread.currentThread());
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (running.get() < 32 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertEquals(32, running.get(), "tasks running at once");
            assertEquals(32, threads.size());
        } finally {
            release.countDown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running.get() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(40, running.get(), "the queued tasks ran once threads were free");
        assertEquals(32, threads.size(), "on the same 32 threads");
    }

    @Test
    @DisplayName("The connection guard and the fixed pool are the local server's; the Lambda context has neither")
    void localOnly() {
        assertTrue(hasGuard(server.context().getAllBeanDefinitions()));
        try (LambdaHandler lambda = new LambdaHandler(Map.of())) {
            assertFalse(hasGuard(lambda.applicationContext().getAllBeanDefinitions()));
            assertEquals("cached", lambda.applicationContext().getProperty("micronaut.executors.blocking.type",
                    String.class).orElse(null), "one request at a time reuses one thread");
        }
    }

    private static boolean hasGuard(java.util.Collection<? extends io.micronaut.inject.BeanDefinition<?>> definitions) {
        return definitions.stream().anyMatch(definition -> definition.getBeanType().getSimpleName().equals("LocalServerGuard"));
    }

    private static Map<String, String> headers() {
        return Map.of("Content-Type", "application/json", "Accept", "application/json", "x-api-key", KEY);
    }
}
