package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image run as a container runtime runs it, without one (no Docker engine here, and no base image can
 * be pulled): the layers of the image the package build writes ({@link ImageTarball}) unpacked with tar into a root
 * of their own, the process started in a mount namespace, {@code chroot} into that root, as the image's user (through
 * setpriv, no capabilities left), with exactly the image's environment plus the {@code -e} variables of the README's
 * {@code docker run} line, its entrypoint and the arguments given after the image name. What differs from the
 * published image is the JRE below the layers: this machine's, mounted read-only with its /usr and /etc, where the
 * release has Temurin's. Turns red when the layers do not hold a server that starts from the entrypoint, when the
 * image's user cannot read them, when {@code --stdio} or the HTTP default do not work as the README says, or when HTTP
 * on all interfaces starts without a key.
 *
 * <p>Needs root that may create mount namespaces (chroot, a change of user): as CI runs here. Elsewhere it is
 * skipped and says why.
 */
class ImageRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "image-run").toAbsolutePath();
    private static final String USER_ID = "424242";
    private static final String TOKEN = "image-run-token-0001";
    private static final String API_KEY = "image-run-api-key-0001";
    /** Mounts what the process needs into the root, then becomes the image's user there and runs the command. */
    private static final String CONTAINER = String.join("\n",
            "set -eu",
            "root=$1 java_home=$2 user=$3",
            "shift 3",
            "for d in usr etc; do mkdir -p \"$root/$d\"; mount --bind -o ro \"/$d\" \"$root/$d\"; done",
            "for d in bin lib lib64 sbin; do",
            "  if [ -L \"/$d\" ]; then [ -L \"$root/$d\" ] || ln -s \"$(readlink \"/$d\")\" \"$root/$d\"",
            "  elif [ -d \"/$d\" ]; then mkdir -p \"$root/$d\"; mount --bind -o ro \"/$d\" \"$root/$d\"; fi",
            "done",
            "case \"$java_home\" in /usr/*) ;; *) mkdir -p \"$root$java_home\";"
                    + " mount --bind -o ro \"$java_home\" \"$root$java_home\";; esac",
            "mkdir -p \"$root/proc\" \"$root/dev\" \"$root/tmp\"",
            "mount --rbind /dev \"$root/dev\"",
            "mount -t proc proc \"$root/proc\"",
            "mount -t tmpfs -o mode=1777 tmpfs \"$root/tmp\"",
            "exec chroot \"$root\" /usr/bin/setpriv --reuid=\"${user%%:*}\" --regid=\"${user##*:}\" --clear-groups"
                    + " --inh-caps=-all /usr/bin/env -i \"$@\"");

    private static ImageTarball image;
    private static Path root;
    private static HttpServer quantConnect;
    private static final List<String> quantConnectCalls = new CopyOnWriteArrayList<>();
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        assumeTrue(new UnixSystem().getUid() == 0, "running the image's layers as its user needs root (mount "
                + "namespace, chroot, setpriv), as CI has here");
        Process probe = new ProcessBuilder("unshare", "--mount", "true").redirectErrorStream(true).start();
        String refusal = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(probe.waitFor() == 0, "this root may not create a mount namespace (a container without "
                + "CAP_SYS_ADMIN?): " + refusal.strip());
        image = ImageTarball.read();
        root = WORK.resolve("root");
        if (Files.exists(WORK)) {
            try (Stream<Path> old = Files.walk(WORK)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(root);
        for (int i = 0; i < image.layers().size(); i++) {
            Path layer = Files.write(WORK.resolve("layer-" + i + ".tar.gz"), image.layers().get(i));
            Process tar = new ProcessBuilder("tar", "--warning=no-unknown-keyword", "-xzf", layer.toString(), "-C",
                    root.toString()).redirectErrorStream(true).start();
            String said = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, tar.waitFor(), "tar of layer " + i + ": " + said);
        }
        quantConnect = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        quantConnect.createContext("/api/v2/account/read", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String verdict = signature(exchange.getRequestHeaders().getFirst("Timestamp"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            quantConnectCalls.add(verdict);
            byte[] answer = ("signed".equals(verdict)
                    ? "{\"organizationId\":\"org-image-run\",\"creditBalance\":3,\"success\":true,\"errors\":[]}"
                    : "{\"success\":false,\"errors\":[\"Hash doesn't match. " + verdict + "\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        quantConnect.start();
    }

    @AfterAll
    static void stop() {
        if (quantConnect != null) {
            quantConnect.stop(0);
        }
    }

    @Test
    @DisplayName("docker run -i ... --stdio: initialize, tools/list and a tool call answered on stdout as the image's "
            + "user without capabilities, one signed request at QuantConnect, exit 0 at the end of input, no token "
            + "in the log")
    void stdio() throws Exception {
        Path log = WORK.resolve("stdio.log");
        Process container = start(Map.of(), List.of("--stdio"), log);
        BlockingQueue<String> lines = lines(container);
        try (OutputStream in = container.getOutputStream()) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"image-run\",\"version\":\"1\"}}}");
            JsonNode initialized = answer(lines, 1, container, log);
            assertEquals("quant-connect-mcp", initialized.at("/result/serverInfo/name").asText(), initialized.toString());

            ProcessHandle java = container.toHandle().children().findFirst().orElseThrow();
            String status = Files.readString(Path.of("/proc", Long.toString(java.pid()), "status"));
            String user = image.process().path("User").asText();
            assertTrue(status.contains("\nUid:\t" + user.split(":")[0] + "\t"), status);
            assertTrue(status.contains("\nGid:\t" + user.split(":")[1] + "\t"), status);
            assertTrue(status.contains("\nCapEff:\t0000000000000000\n"), status);
            assertTrue(java.info().command().orElse("").endsWith("/java"), java.info().toString());

            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            List<String> names = new ArrayList<>();
            answer(lines, 2, container, log).at("/result/tools").forEach(tool -> names.add(tool.path("name").asText()));
            assertTrue(names.containsAll(List.of("read_account", "create_backtest", "read_backtest_reduced")),
                    names.toString());
            assertFalse(names.contains("create_live_algorithm"), "live trading is off unless MCP_LIVE_TRADING says");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"read_account\","
                    + "\"arguments\":{}}}");
            JsonNode result = answer(lines, 3, container, log).path("result");
            assertFalse(result.path("isError").asBoolean(), result.toString());
            assertEquals("org-image-run", result.at("/structuredContent/organizationId").asText(), result.toString());
            assertEquals(List.of("signed"), quantConnectCalls);
        }
        assertTrue(container.waitFor(30, TimeUnit.SECONDS), "the end of input ends the container");
        assertEquals(0, container.exitValue(), Files.readString(log));
        String stderr = Files.readString(log);
        assertTrue(stderr.contains("\"message\":\"MCP request processed\""), stderr);
        assertFalse(stderr.contains(TOKEN), "the token is in the log");
        assertFalse(stderr.contains("\"level\":\"ERROR\""), stderr);
    }

    @Test
    @DisplayName("docker run without arguments serves HTTP on all interfaces, so without MCP_API_KEY or OAuth it "
            + "refuses to start and says what to set")
    void httpWithoutKeyRefuses() throws Exception {
        Path log = WORK.resolve("http-without-key.log");
        Process container = start(Map.of(), List.of(), log);
        container.getOutputStream().close();
        assertTrue(container.waitFor(90, TimeUnit.SECONDS), "a server on all interfaces without a key was started");
        String output = Files.readString(log);
        assertNotEquals(0, container.exitValue(), output);
        assertTrue(output.contains("MICRONAUT_SERVER_HOST must be a loopback address") && output.contains("MCP_API_KEY"), output);
        assertFalse(output.contains(TOKEN), "the token is in the log");
    }

    @Test
    @DisplayName("docker run -p with MCP_API_KEY: HTTP on 0.0.0.0 answers /mcp with the key (200) and without it "
            + "(401)")
    void httpWithKey() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = WORK.resolve("http-with-key.log");
        Process container = start(Map.of("MCP_API_KEY", API_KEY, "MICRONAUT_SERVER_PORT", Integer.toString(port)),
                List.of(), log);
        try {
            container.getOutputStream().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!listening(port)) {
                if (!container.isAlive() || System.nanoTime() > deadline) {
                    fail("the server did not listen on " + port + ": " + Files.readString(log));
                }
                Thread.sleep(200);
            }
            String hexPort = String.format(":%04X ", port);
            assertTrue(Files.readAllLines(Path.of("/proc/net/tcp6")).stream().anyMatch(line ->
                            line.contains("00000000000000000000000000000000" + hexPort) && line.contains(" 0A "))
                            || Files.readAllLines(Path.of("/proc/net/tcp")).stream().anyMatch(line ->
                            line.contains("00000000" + hexPort) && line.contains(" 0A ")),
                    "listening on all interfaces, port " + port);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"image-run\",\"version\":\"1\"}}}";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize));
            HttpResponse<String> withoutKey = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, withoutKey.statusCode(), withoutKey.body());
            HttpResponse<String> withKey = http.send(request.header("x-api-key", API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withKey.statusCode(), withKey.body());
            assertEquals("quant-connect-mcp", JSON.readTree(withKey.body()).at("/result/serverInfo/name").asText());
            ProcessHandle server = container.descendants().findFirst().orElseThrow();
            stop(container);
            assertFalse(server.isAlive(), "the server outlived its container");
        } finally {
            stop(container);
        }
        String output = Files.readString(log);
        assertTrue(output.contains("Startup completed"), output);
        assertFalse(output.contains(API_KEY) || output.contains(TOKEN), "a secret is in the log");
    }

    @AfterEach
    void stopContainers() throws InterruptedException {
        for (Process container : STARTED) {
            stop(container);
        }
        STARTED.clear();
    }

    /**
     * Ends a container: its server first, then unshare. unshare's --kill-child would not reach the server: the change
     * of user clears the parent-death signal it sets, so a server left alone would outlive the test.
     */
    private static void stop(Process container) throws InterruptedException {
        List<ProcessHandle> inside = container.descendants().toList();
        inside.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : inside) {
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
            }
        }
        container.destroy();
        if (!container.waitFor(20, TimeUnit.SECONDS)) {
            container.destroyForcibly();
        }
    }

    /**
     * The image run as {@code docker run -i --rm -e ... <image> <arguments>}: its entrypoint and environment, the
     * README's two credentials (here for the stand-in QuantConnect), {@code extra} as further {@code -e} variables.
     */
    private static Process start(Map<String, String> extra, List<String> arguments, Path log) throws IOException {
        JsonNode process = image.process();
        String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--kill-child", "--",
                "sh", "-c", CONTAINER, "container", root.toString(), javaHome, process.path("User").asText()));
        // What a runtime sets besides the image's Env; the Temurin base image puts its JRE first on PATH the same way.
        command.add("HOME=/");
        command.add("PATH=" + javaHome + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        command.addAll(ImageTarball.strings(process.path("Env")));
        command.add("QUANTCONNECT_USER_ID=" + USER_ID);
        command.add("QUANTCONNECT_API_TOKEN=" + TOKEN);
        command.add("QUANTCONNECT_API_URL=http://127.0.0.1:" + quantConnect.getAddress().getPort() + "/api/v2");
        extra.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(ImageTarball.strings(process.path("Entrypoint")));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        // Over stdio, stdout is the protocol's; in HTTP mode both streams are the log, as docker logs shows them.
        Process container = (arguments.contains("--stdio") ? builder.redirectError(log.toFile())
                : builder.redirectErrorStream(true).redirectOutput(log.toFile())).start();
        STARTED.add(container);
        return container;
    }

    /** Whether QuantConnect's signature is right: Basic base64(userId:sha256hex(token:timestamp)), a fresh timestamp. */
    private static String signature(String timestamp, String authorization) {
        if (timestamp == null || authorization == null || !authorization.startsWith("Basic ")) {
            return "unsigned";
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 60) {
            return "stale timestamp " + timestamp;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((TOKEN + ":" + timestamp).getBytes(StandardCharsets.UTF_8));
            String expected = USER_ID + ":" + HexFormat.of().formatHex(hash);
            String given = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                    StandardCharsets.UTF_8);
            return expected.equals(given) ? "signed" : "wrong signature";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** stdout line by line, read on a thread of its own so that a silent server fails a test rather than hangs it. */
    private static BlockingQueue<String> lines(Process container) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(container.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "image-run-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** The answer with {@code id}; every stdout line must be a JSON-RPC message (stdout carries nothing else). */
    private static JsonNode answer(BlockingQueue<String> lines, int id, Process container, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!container.isAlive()) {
                    fail("the container ended (" + container.exitValue() + "): " + Files.readString(log));
                }
                continue;
            }
            JsonNode message = JSON.readTree(line);
            assertEquals("2.0", message.path("jsonrpc").asText(), "not JSON-RPC on stdout: " + line);
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
        fail("no answer " + id + " within 90 s: " + Files.readString(log));
        return null;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertNotNull(socket);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
