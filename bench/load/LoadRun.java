import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load run of the local server (a benchmark, not a test): starts a fake QuantConnect with a fixed
 * latency, starts the packaged server as its own process against it, sends a fixed number of requests at a
 * fixed concurrency (a mix of tools/list and tools/call), and reports failures, throughput, latency
 * percentiles and the server's heap after GC at intervals.
 *
 * Usage: java bench/load/LoadRun.java JAR [requests] [concurrency] [qcLatencyMs]
 */
public final class LoadRun {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int latencyMs = args.length > 3 ? Integer.parseInt(args[3]) : 20;

        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs (40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newFixedThreadPool(64));
        byte[] account = "{\"organizationId\":\"o\",\"creditBalance\":1,\"success\":true,\"errors\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        fake.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            sleep(latencyMs);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, account.length);
            exchange.getResponseBody().write(account);
            exchange.close();
        });
        fake.start();

        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar.toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().put("QUANTCONNECT_API_URL", "http://127.0.0.1:" + fake.getAddress().getPort() + "/api/v2");
        builder.environment().put("QUANTCONNECT_USER_ID", "1");
        builder.environment().put("QUANTCONNECT_API_TOKEN", "load-token");
        builder.environment().put("LOG_LEVEL", "warn");
        builder.redirectErrorStream(true).redirectOutput(Path.of("app/target/load-server.log").toFile());
        Process server = builder.start();
        try {
            URI mcp = URI.create("http://127.0.0.1:" + port + "/mcp");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            waitUntilUp(http, mcp);
            String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
            String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\",\"arguments\":{}}}";
            run(http, mcp, list, call, 2_000, concurrency);
            System.out.println("warm-up done; heap after GC: " + heapAfterGc(server.pid()));

            long[] latencies = new long[requests];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            List<String> heap = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        String body = i % 2 == 0 ? list : call;
                        long t0 = System.nanoTime();
                        if (!ok(http, mcp, body)) {
                            failures.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            while (next.get() < requests) {
                Thread.sleep(2000);
                heap.add(heapAfterGc(server.pid()));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            heap.add(heapAfterGc(server.pid()));
            Arrays.sort(latencies);
            System.out.printf("requests %d, concurrency %d, fake QuantConnect latency %d ms%n", requests, concurrency, latencyMs);
            System.out.printf("failed %d%n", failures.get());
            System.out.printf("throughput %.0f requests/s over %.1f s%n", requests / seconds, seconds);
            System.out.printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n", ms(latencies, 0.50),
                    ms(latencies, 0.90), ms(latencies, 0.99), latencies[requests - 1] / 1e6);
            System.out.println("server heap after GC during the run: " + String.join(", ", heap));
            if (failures.get() > 0) {
                System.exit(1);
            }
        } finally {
            server.destroy();
            fake.stop(0);
        }
        System.exit(0); // the fake's worker threads would keep the JVM alive
    }

    private static void run(HttpClient http, URI mcp, String list, String call, int count, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = i % 2 == 0 ? list : call;
            results.add(pool.submit(() -> ok(http, mcp, body)));
        }
        for (Future<Boolean> result : results) {
            result.get();
        }
        pool.shutdown();
    }

    private static boolean ok(HttpClient http, URI mcp, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(mcp)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"result\"")
                    && !response.body().contains("\"isError\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's used heap right after a full GC, through jcmd. */
    private static String heapAfterGc(long pid) throws Exception {
        exec("jcmd", Long.toString(pid), "GC.run");
        String info = exec("jcmd", Long.toString(pid), "GC.heap_info");
        long usedKb = 0;
        for (String line : info.split("\n")) {
            if (line.contains("generation") && line.contains("used")) {
                String[] parts = line.trim().split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    if (parts[i].equals("used")) {
                        usedKb += Long.parseLong(parts[i + 1].replaceAll("[^0-9]", ""));
                    }
                }
            }
        }
        return usedKb / 1024 + " MB";
    }

    private static String exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static void waitUntilUp(HttpClient http, URI mcp) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (ok(http, mcp, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"ping\"}")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not start; see app/target/load-server.log");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
