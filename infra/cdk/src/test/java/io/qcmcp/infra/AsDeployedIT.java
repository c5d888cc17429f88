package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function as deployed, run the way Lambda runs it: the synthesized asset unpacked as Lambda unpacks it
 * into its task root, a new JVM with exactly the template's environment (JAVA_TOOL_OPTIONS included) plus what
 * Lambda sets, the AWS Lambda runtime interface client as the entry point calling the template's Handler, and
 * API Gateway v1 events served through a stand-in of the Lambda Runtime API. Turns red when the handler does not
 * start from the artifact, when an environment variable breaks the start, or when the answers change.
 */
class AsDeployedIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "as-deployed-api-key-value-0001";
    private static final Path WORK = Path.of("target", "as-deployed");
    private static FakeLambdaRuntimeApi runtimeApi;
    private static Process function;
    private static final List<JsonNode> answers = new ArrayList<>();
    private static final String ACCOUNT = "{\"organizationId\":\"org-as-deployed\",\"creditBalance\":7,"
            + "\"success\":true,\"errors\":[]}";
    private static HttpServer quantConnect;
    private static long firstAnswerMillis;

    @BeforeAll
    static void runTheDeployedFunction() throws Exception {
        JsonNode resource = CdkOut.serverFunction();
        JsonNode properties = resource.path("Properties");
        Path task = unpack(CdkOut.asset(resource), WORK.resolve("task"));

        runtimeApi = new FakeLambdaRuntimeApi();
        quantConnect = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        quantConnect.createContext("/api/v2/account/read", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean signed = exchange.getRequestHeaders().getFirst("Authorization") != null
                    && exchange.getRequestHeaders().getFirst("Timestamp") != null;
            byte[] answer = (signed ? ACCOUNT : "{\"success\":false,\"errors\":[\"unsigned\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        quantConnect.start();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", task + java.io.File.pathSeparator + task.resolve("lib") + "/*" + java.io.File.pathSeparator
                        + Files.readString(Path.of("target", "lambda-runtime.classpath")).strip(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                properties.path("Handler").asText());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("function.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(CdkOut.environment(resource));
        environment.putAll(Map.of(
                "AWS_LAMBDA_RUNTIME_API", runtimeApi.address(),
                "_HANDLER", properties.path("Handler").asText(),
                "LAMBDA_TASK_ROOT", task.toAbsolutePath().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_LAMBDA_FUNCTION_NAME", "QuantConnectMcp-Function",
                "AWS_LAMBDA_FUNCTION_VERSION", "1",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", properties.path("MemorySize").asText(),
                "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand",
                "TZ", ":UTC"));
        // Only for the test: a stand-in QuantConnect and credentials in the environment (they take precedence
        // over the secrets the template names), so that one tool call leaves the function as on AWS.
        environment.putAll(Map.of(
                "QUANTCONNECT_API_URL", "http://127.0.0.1:" + quantConnect.getAddress().getPort() + "/api/v2",
                "QUANTCONNECT_USER_ID", "424242",
                "QUANTCONNECT_API_TOKEN", "as-deployed-token"));

        long start = System.nanoTime();
        function = builder.start();
        answers.add(runtimeApi.invoke(event("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", null)));
        firstAnswerMillis = (System.nanoTime() - start) / 1_000_000;
        answers.add(runtimeApi.invoke(event("POST",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", null)));
        answers.add(runtimeApi.invoke(event("OPTIONS", null, "http://localhost:6274")));
        answers.add(runtimeApi.invoke(event("POST", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"read_account\",\"arguments\":{}}}", null)));
        answers.add(runtimeApi.invoke(event("POST", "{not json", null)));
        answers.add(runtimeApi.invoke(event("GET", null, null)));
        System.out.println("As deployed: first tools/list answered " + firstAnswerMillis + " ms after the JVM started");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (function != null) {
            function.destroy();
            if (!function.waitFor(10, TimeUnit.SECONDS)) {
                function.destroyForcibly();
            }
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        if (quantConnect != null) {
            quantConnect.stop(0);
        }
    }

    /** The function's answer to request {@code index} of {@link #answers}, once it is known to have {@code status}. */
    private static JsonNode answer(int index, int status) {
        JsonNode answer = answers.get(index);
        assertEquals(status, answer.path("statusCode").asInt(), answer.toString());
        return answer;
    }

    @Test
    @DisplayName("tools/list: 200 with every tool, as JSON")
    void toolsList() throws IOException {
        JsonNode answer = answer(0, 200);
        JsonNode tools = JSON.readTree(body(answer)).at("/result/tools");
        // docs/tools.md lists every tool (ToolsDocTest checks it against the spec): red when the deployed jar
        // serves fewer or more tools than the build's own.
        Matcher count = Pattern.compile(" (\\d+) tools\\.").matcher(Files.readString(Path.of("../../docs/tools.md")));
        assertTrue(count.find(), "docs/tools.md gives its tool count");
        // The stack's default leaves live trading off: the six tools that change it are neither listed nor callable.
        List<String> liveChanging = List.of("create_live_algorithm", "stop_live_algorithm", "liquidate_live_algorithm",
                "create_live_command", "broadcast_live_command", "authorize_connection");
        assertEquals(Integer.parseInt(count.group(1)) - liveChanging.size(), tools.size());
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.path("name").asText()));
        assertTrue(names.containsAll(List.of("create_project", "create_backtest", "read_backtest_reduced",
                "read_live_algorithm")), names.toString());
        liveChanging.forEach(tool -> assertFalse(names.contains(tool), tool));
    }

    @Test
    @DisplayName("notifications/initialized: 202 with no body")
    void notification() {
        JsonNode answer = answer(1, 202);
        assertTrue(body(answer).isEmpty(), "no body: " + answer);
    }

    @Test
    @DisplayName("A preflight from the function's default origin (localhost) is answered 204 with CORS headers")
    void preflight() {
        JsonNode answer = answer(2, 204);
        assertEquals("http://localhost:6274", header(answer, "Access-Control-Allow-Origin"));
        assertTrue(header(answer, "Access-Control-Allow-Headers").contains("x-api-key"), answer.toString());
    }

    @Test
    @DisplayName("A tool call leaves the function: a signed request to QuantConnect, its answer as the result")
    void toolCall() throws IOException {
        JsonNode answer = answer(3, 200);
        JsonNode result = JSON.readTree(body(answer)).get("result");
        assertFalse(result.path("isError").asBoolean(), result.toString());
        assertEquals("org-as-deployed", result.at("/structuredContent/organizationId").asText(), result.toString());
    }

    @Test
    @DisplayName("Bad requests end in clean JSON-RPC errors: a body that is not JSON 400 (-32700), a GET 405 with Allow")
    void badRequests() throws IOException {
        JsonNode notJson = answer(4, 400);
        assertEquals(-32700, JSON.readTree(body(notJson)).at("/error/code").asInt(), notJson.toString());
        JsonNode get = answer(5, 405);
        assertTrue(header(get, "Allow").contains("POST"), get.toString());
        assertEquals(-32600, JSON.readTree(body(get)).at("/error/code").asInt(), get.toString());
    }

    @Test
    @DisplayName("The function logs JSON lines with a fingerprint of the caller's key, never the key")
    void requestLog() throws IOException {
        String log = Files.readString(WORK.resolve("function.log"));
        assertTrue(log.contains("\"message\":\"MCP request processed\""), log);
        assertTrue(log.contains("\"apiKeyFingerprint\":\""), log);
        assertFalse(log.contains(API_KEY), "the key is in the log");
    }

    private static String body(JsonNode answer) {
        JsonNode body = answer.path("body");
        if (body.isNull() || body.isMissingNode()) {
            return "";
        }
        return answer.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8) : body.asText();
    }

    private static String header(JsonNode answer, String name) {
        for (String group : List.of("headers", "multiValueHeaders")) {
            var fields = answer.path(group).properties().iterator();
            while (fields.hasNext()) {
                var field = fields.next();
                if (field.getKey().equalsIgnoreCase(name)) {
                    return field.getValue().isArray() ? field.getValue().get(0).asText() : field.getValue().asText();
                }
            }
        }
        return "";
    }

    /** An API Gateway REST API (payload v1) proxy event for /mcp, as the stage prod sends it. */
    private static byte[] event(String method, String body, String origin) throws IOException {
        Map<String, Object> headers = new java.util.LinkedHashMap<>();
        headers.put("Accept", "application/json, text/event-stream");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (origin != null) {
            headers.put("Origin", origin);
            headers.put("Access-Control-Request-Method", "POST");
            headers.put("Access-Control-Request-Headers", "content-type,x-api-key");
        }
        Map<String, Object> multi = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("resourcePath", "/mcp");
        context.put("httpMethod", method);
        context.put("path", "/prod/mcp");
        context.put("stage", "prod");
        context.put("requestId", "as-deployed-" + System.nanoTime());
        context.put("identity", Map.of("sourceIp", "203.0.113.7", "apiKeyId", "k3y1d", "apiKey", API_KEY));
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("resource", "/mcp");
        event.put("path", "/mcp");
        event.put("httpMethod", method);
        event.put("headers", headers);
        event.put("multiValueHeaders", multi);
        event.put("requestContext", context);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return JSON.writeValueAsBytes(event);
    }

    private static Path unpack(Path jar, Path into) throws IOException {
        if (Files.exists(into)) {
            try (Stream<Path> old = Files.walk(into)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(into);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, zip.readAllBytes());
                }
            }
        }
        return into;
    }
}
