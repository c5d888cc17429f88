import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * How the local server's memory and threads hold up against clients that hold requests open (a benchmark, not
 * a test). Starts the packaged server as its own process with an API key, then either
 * <ul>
 *   <li>{@code bodies}: opens N connections that each announce a 6,000,000-byte body, send part of it and stall,
 *       with or without the key; or</li>
 *   <li>{@code calls}: sends N tools/call requests at once to a fake QuantConnect that answers after a delay.</li>
 * </ul>
 * It prints the server's RSS and thread count over time (from /proc) and what each connection got back.
 *
 * Usage: java bench/memory/StalledBodies.java JAR bodies [connections=120] [bytesSent=5500000] [withKey=true]
 *        java bench/memory/StalledBodies.java JAR calls [connections=200] [qcDelayMs=5000]
 */
public final class StalledBodies {

    private static final String KEY = "bench-key";
    private static final int ANNOUNCED = 6_000_000;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String mode = args.length > 1 ? args[1] : "bodies";
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : mode.equals("calls") ? 200 : 120;
        HttpServer fake = fakeQuantConnect(mode.equals("calls") && args.length > 3 ? Integer.parseInt(args[3]) : 5000);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().put("MCP_API_KEY", KEY);
        builder.environment().put("QUANTCONNECT_API_URL", "http://127.0.0.1:" + fake.getAddress().getPort() + "/api/v2");
        builder.environment().put("QUANTCONNECT_USER_ID", "1");
        builder.environment().put("QUANTCONNECT_API_TOKEN", "bench-token");
        builder.environment().put("LOG_LEVEL", "warn");
        Path log = Files.createTempFile("stalled-bodies-server", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process server = builder.start();
        try {
            waitUntilUp(port);
            System.out.printf("server pid %d, log %s%n", server.pid(), log);
            sample(server, "started");
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<Integer, String> got = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            List<Socket> sockets = new ArrayList<>();
            CountDownLatch sent = new CountDownLatch(connections);
            var threads = Executors.newCachedThreadPool();
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                sockets.add(socket);
                int n = i;
                String request = mode.equals("calls") ? call() : null;
                threads.execute(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        if (request != null) {
                            out.write(request.getBytes(StandardCharsets.UTF_8));
                        } else {
                            boolean withKey = args.length <= 4 || Boolean.parseBoolean(args[4]);
                            long bytes = args.length > 3 ? Long.parseLong(args[3]) : 5_500_000;
                            out.write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + (withKey ? "x-api-key: " + KEY + "\r\n" : "") + "Content-Length: " + ANNOUNCED
                                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            byte[] chunk = new byte[64 * 1024];
                            java.util.Arrays.fill(chunk, (byte) 'a');
                            for (long left = bytes; left > 0; left -= chunk.length) {
                                out.write(chunk, 0, (int) Math.min(chunk.length, left));
                            }
                        }
                        out.flush();
                    } catch (IOException e) {
                        got.putIfAbsent(n, "write failed: " + e.getClass().getSimpleName());
                    } finally {
                        sent.countDown();
                    }
                });
                threads.execute(() -> got.put(n, firstLine(socket, start)));
            }
            sent.await(60, TimeUnit.SECONDS);
            sample(server, "all sent");
            for (int second : new int[] {5, 12, 20}) {
                long at = start + TimeUnit.SECONDS.toNanos(second);
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime())));
                sample(server, "+" + second + " s");
            }
            got.values().forEach(outcome -> outcomes.merge(outcome.replaceAll(" at \\d+ s$", ""), 1, Integer::sum));
            System.out.println("what the connections got: " + outcomes);
            Map<String, Integer> when = new TreeMap<>();
            got.values().forEach(outcome -> when.merge(outcome, 1, Integer::sum));
            System.out.println("with times: " + when);
            for (Socket socket : sockets) {
                socket.close();
            }
            threads.shutdownNow();
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            fake.stop(0);
        }
    }

    private static String call() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\","
                + "\"arguments\":{}}}";
        return "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + "x-api-key: " + KEY + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** The status line the server answered (or how the connection ended), and after how many seconds. */
    private static String firstLine(Socket socket, long start) {
        try {
            socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
                line.append((char) b);
            }
            String status = line.isEmpty() ? "closed without an answer" : line.toString();
            return status + " at " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + " at " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s";
        }
    }

    private static void sample(Process server, String when) throws IOException {
        String status = Files.readString(Path.of("/proc/" + server.pid() + "/status"));
        System.out.printf("%-10s RSS %s, threads %s%n", when, field(status, "VmRSS"), field(status, "Threads"));
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "?";
    }

    private static HttpServer fakeQuantConnect(int delayMs) throws IOException {
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newCachedThreadPool());
        byte[] account = "{\"organizationId\":\"o\",\"creditBalance\":1,\"success\":true,\"errors\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        fake.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, account.length);
            exchange.getResponseBody().write(account);
            exchange.close();
        });
        fake.start();
        return fake;
    }

    private static void waitUntilUp(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the server did not start");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
