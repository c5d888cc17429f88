package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qcmcp.app.Application;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.NodeFolder;
import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server over standard input and output ({@code java -jar quant-connect-mcp.jar --stdio}), started in a child JVM
 * from the same main class as the jar's: driven by the MCP TypeScript SDK's stdio client (src/test/node/stdio-client),
 * and line by line from here, with settings that are not the defaults, against a fake QuantConnect.
 */
class StdioTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeFolder NODE = new NodeFolder("stdio-client");
    private static final long LINE_TIMEOUT_SECONDS = 60;

    private static FakeQuantConnect quantConnect;

    @BeforeAll
    static void startQuantConnect() {
        quantConnect = new FakeQuantConnect();
        quantConnect.answer("/account/read", "{}", qc("read_account.json"));
    }

    @AfterAll
    static void stopQuantConnect() {
        quantConnect.close();
    }

    @BeforeEach
    void forgetRequests() {
        quantConnect.reset();
    }

    /** Not the defaults: three toolsets, live trading on paper (with its confirmation step). */
    private static Map<String, String> environment(int port) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUANTCONNECT_API_URL", quantConnect.apiUrl());
        environment.put("QUANTCONNECT_USER_ID", FakeQuantConnect.USER_ID);
        environment.put("QUANTCONNECT_API_TOKEN", FakeQuantConnect.API_TOKEN);
        environment.put("MCP_TOOLSETS", "account,projects,live");
        environment.put("MCP_LIVE_TRADING", "paper");
        environment.put("MCP_CONFIRM_LIVE", "true");
        environment.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        // As the container image sets it for HTTP mode: over stdio nothing listens, so no key is asked for.
        environment.put("MICRONAUT_SERVER_HOST", "0.0.0.0");
        return environment;
    }

    /** The jar's entry point ({@code Main-Class}) on the test class path, as {@code java -jar ... --stdio}. */
    private static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Application.class.getName(), "--stdio");
    }

    @Test
    @DisplayName("The MCP TypeScript SDK's stdio client initializes, lists as many tools as the HTTP server with the "
            + "same settings, calls read_account (one signed request) and ends the server by closing its input")
    void typeScriptSdkOverStdio() throws Exception {
        assumeTrue(NodeFolder.nodeInstalled(), "Node.js is not installed");
        NODE.installPackages();
        int httpCount;
        Map<String, Object> properties = new HashMap<>(quantConnect.properties());
        properties.put("mcp.toolsets", "account,projects,live");
        properties.put("mcp.live-trading", "paper");
        properties.put("mcp.confirm-live", true);
        try (LocalServer http = new LocalServer(properties)) {
            McpHttp.Reply reply = http.send("POST", Map.of("content-type", "application/json",
                    "accept", "application/json, text/event-stream"),
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            httpCount = JSON.readTree(reply.body()).at("/result/tools").size();
        }
        assertTrue(httpCount > 2, "the HTTP server lists the toolsets' tools");
        List<String> command = command();
        Map<String, Object> server = Map.of("command", command.get(0), "args", command.subList(1, command.size()),
                "env", environment(freePort()));
        String printed = NODE.run(List.of("node", "client.mjs"), Map.of("QCMCP_STDIO_SERVER",
                JSON.writeValueAsString(server)), 180);
        String last = printed.strip().substring(printed.strip().lastIndexOf('\n') + 1);
        JsonNode summary = JSON.readTree(last);
        String context = "node printed:\n" + printed;
        ObjectNode shown = summary.deepCopy();
        System.out.println("TypeScript SDK over stdio: " + shown.put("tools", "(left out)"));

        assertTrue(summary.path("ok").asBoolean(), context);
        assertEquals(0, summary.path("errors").size(), "no line on stdout the SDK could not read: " + context);
        assertEquals("quant-connect-mcp", summary.path("serverName").asText(), context);
        assertEquals(httpCount, summary.path("toolCount").asInt(), context);
        assertTrue(summary.path("tools").toString().contains("\"read_account\""), context);
        assertTrue(summary.path("tools").toString().contains("\"create_live_algorithm\""),
                "MCP_LIVE_TRADING=paper lists it: " + context);
        assertFalse(summary.path("tools").toString().contains("\"create_backtest\""),
                "MCP_TOOLSETS leaves backtests out: " + context);
        assertFalse(summary.path("callIsError").asBoolean(true), context);
        assertTrue(summary.path("callText").asText().contains("organizationId")
                || summary.path("callText").asText().length() > 2, context);
        assertEquals(1, quantConnect.requests("/account/read").size(), context);
        assertEquals(1, quantConnect.requestCount(), "exactly one request to QuantConnect: " + context);
        assertTrue(summary.path("closeMs").asLong() < 2000,
                "the server ended on end of input, before the SDK's SIGTERM: " + context);
        assertTrue(summary.path("stderrBytes").asLong() > 0, "the logs went to standard error: " + context);
    }

    @Test
    @DisplayName("Line by line: an answer per request and none per notification, a parse error with id null for a "
            + "line that is not JSON, the audit line names stdio, no port is listened on, and end of input ends the "
            + "process with exit 0 with nothing but JSON-RPC on stdout")
    void rawLines() throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(command());
        builder.environment().putAll(environment(port));
        Path stderrFile = Files.createTempFile("stdio-stderr", ".log");
        builder.redirectError(stderrFile.toFile());
        Process child = builder.start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (stdout) {
                            stdout.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "stdio-child-output");
            reader.start();
            try (OutputStream stdin = child.getOutputStream()) {
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}}}");
                JsonNode initialized = JSON.readTree(next(lines, child, stderrFile));
                assertEquals(1, initialized.path("id").asInt(), initialized.toString());
                assertEquals("quant-connect-mcp", initialized.at("/result/serverInfo/name").asText());

                // The server is up and answering: it must not have opened a port.
                assertThrows(ConnectException.class, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    }
                }, "MICRONAUT_SERVER_PORT " + port + " is not listened on");
                if (Files.isDirectory(Path.of("/proc/self/fd"))) {
                    assertFalse(listeningSockets(ProcessHandle.current().pid()).isEmpty(),
                            "control: this JVM's fake QuantConnect listens, and the check sees it");
                    assertEquals(Set.of(), listeningSockets(child.pid()), "the child listens on no TCP socket");
                }

                send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                send(stdin, "this is not JSON");
                send(stdin, "");
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":\"delete\",\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"delete_project\",\"arguments\":{\"projectId\":17}}}");
                send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":\"ping\",\"method\":\"ping\"}");
            }
            assertTrue(child.waitFor(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the child ends on end of input");
            reader.join(10_000);
            String stderr = Files.readString(stderrFile);
            Files.deleteIfExists(stderrFile);
            assertEquals(0, child.exitValue(), "exit 0 on end of input; stderr:\n" + tail(stderr));

            String all;
            synchronized (stdout) {
                all = stdout.toString(StandardCharsets.UTF_8);
            }
            List<JsonNode> answers = new ArrayList<>();
            for (String line : all.split("\n")) {
                JsonNode answer = JSON.readTree(line);
                assertEquals("2.0", answer.path("jsonrpc").asText(), "only JSON-RPC on stdout: " + all);
                assertTrue(answer.has("result") || answer.has("error"), "only JSON-RPC answers on stdout: " + all);
                answers.add(answer);
            }
            assertEquals(4, answers.size(), "initialize, the parse error, the call and the ping; none for the "
                    + "notification or the empty line: " + all);
            Map<String, JsonNode> byId = new HashMap<>();
            answers.forEach(answer -> byId.put(answer.path("id").isNull() ? "null" : answer.path("id").asText(),
                    answer));
            assertEquals(-32700, byId.get("null").at("/error/code").asInt(), all);
            assertNotNull(byId.get("ping").get("result"), all);
            assertTrue(byId.get("delete").at("/result/isError").asBoolean(), "the fake has no answer to it: " + all);
            assertEquals(1, quantConnect.requests("/projects/delete").size(), "the call reached QuantConnect signed");

            String audit = stderr.lines().filter(line -> line.contains("\"MCP audit\"")).findFirst().orElse("");
            assertTrue(audit.contains("\"tool\":\"delete_project\"") && audit.contains("\"clientId\":\"stdio\""),
                    "the audit line names the caller stdio: " + audit + "\nstderr:\n" + tail(stderr));
            assertTrue(stderr.contains("\"MCP request processed\""), "the request log is on stderr");
            assertFalse(stderr.contains("Server Running"), "no HTTP server started: " + tail(stderr));
        } finally {
            child.destroyForcibly();
        }
    }

    private static void send(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static String next(BlockingQueue<String> lines, Process child, Path stderr)
            throws InterruptedException, IOException {
        String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            child.destroyForcibly();
            throw new AssertionError("no line on stdout; stderr:\n" + tail(Files.readString(stderr)));
        }
        return line;
    }

    private static String tail(String text) {
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }

    /**
     * The TCP sockets process {@code pid} listens on (Linux): the inodes of its open sockets that
     * {@code /proc/net/tcp} or {@code tcp6} list in state LISTEN ({@code 0A}).
     */
    private static Set<String> listeningSockets(long pid) throws IOException {
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String row : Files.readAllLines(path)) {
                String[] fields = row.strip().split("\\s+");
                if (fields.length > 9 && "0A".equals(fields[3])) {
                    listening.add(fields[9]);
                }
            }
        }
        Set<String> open = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        open.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        open.retainAll(listening);
        return open;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
