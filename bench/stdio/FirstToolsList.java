import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Milliseconds from starting {@code java -jar <jar>} to the answer of the first tools/list, after an initialize, over
 * standard input and output ({@code --stdio}) and over HTTP (the local server on a free port, polled until it
 * answers), alternating, {@code runs} times each; prints every run and the medians. No credentials are set: listing
 * tools needs none.
 */
public final class FirstToolsList {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\","
            + "\"version\":\"0\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int runs = Integer.parseInt(args[1]);
        List<Long> stdio = new ArrayList<>();
        List<Long> http = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            stdio.add(stdio(jar));
            http.add(http(jar));
            System.out.printf("run %d: stdio %d ms, http %d ms%n", run, stdio.get(run - 1), http.get(run - 1));
        }
        System.out.printf("median of %d: stdio %d ms, http %d ms%n", runs, median(stdio), median(http));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static long stdio(String jar) throws Exception {
        long start = System.nanoTime();
        Process child = new ProcessBuilder(java(), "-jar", jar, "--stdio")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = child.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                     StandardCharsets.UTF_8))) {
            in.write((INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            expect(out.readLine(), "\"id\":1");
            in.write((INITIALIZED + "\n" + TOOLS_LIST + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            expect(out.readLine(), "\"id\":2");
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            in.close();
            if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 0) {
                throw new IllegalStateException("--stdio did not exit with 0 at the end of its input");
            }
            return elapsed;
        } finally {
            child.destroyForcibly();
        }
    }

    static long http(String jar) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        Process child = builder.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/mcp");
            while (true) {
                try {
                    expect(post(client, uri, INITIALIZE), "\"id\":1");
                    break;
                } catch (ConnectException e) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException("the server ended");
                    }
                    Thread.sleep(5);
                }
            }
            post(client, uri, INITIALIZED);
            expect(post(client, uri, TOOLS_LIST), "\"id\":2");
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            child.destroy();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String post(HttpClient client, URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void expect(String answer, String id) {
        if (answer == null || !answer.contains(id) || !answer.contains("\"result\"")) {
            throw new IllegalStateException("unexpected answer: " + answer);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
