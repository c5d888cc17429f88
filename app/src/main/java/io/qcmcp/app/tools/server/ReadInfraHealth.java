package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.tools.ServerTool;
import io.qcmcp.app.tools.ToolResults;
import io.qcmcp.client.CredentialsProvider;
import io.qcmcp.client.CredentialsUnavailableException;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectConfiguration;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.generated.api.AccountApi;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code read_infra_health}: whether this server can work. Checks the configuration and that credentials
 * are present, and, when asked, that QuantConnect answers a signed call within a short time. Reports never
 * contain a secret. Also answers the bare JSON-RPC method {@code read_infra_health} (health checks).
 *
 * <p>The answer: {@code healthStatus} ({@code "ok"}, or {@code "degraded"} with {@code failing}, the names of the
 * failed checks), as the seed's server answers it, so monitoring written for that one keeps working; then
 * {@code healthy} and {@code checks} (each with {@code ok} and {@code detail}).
 */
@Singleton
public record ReadInfraHealth(QuantConnectConfiguration configuration, CredentialsProvider credentials,
                              QuantConnectClient client, ToolResults results) implements ServerTool {

    public static final String NAME = "read_infra_health";
    static final Duration QUANTCONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Health checks that speak plain JSON-RPC call the method read_infra_health. */
    @Override
    public boolean bareMethod() {
        return true;
    }

    @Override
    public SyncToolSpecification specification() {
        McpSchema.Tool tool = McpSchema.Tool.builder(NAME, Tools.object(Map.of("checkQuantConnect",
                        Tools.property("boolean",
                                "Also call QuantConnect (read_account) to check reachability and credentials.")),
                        List.of()))
                .title("Check server health")
                .description("Check this server's configuration and credentials; with checkQuantConnect, also "
                        + "that QuantConnect accepts a signed call within 3 s.")
                .annotations(new McpSchema.ToolAnnotations(null, true, false, true, true, null))
                .build();
        return new SyncToolSpecification(tool, (context, request) -> check(request.arguments()));
    }

    /** Runs the checks; {@code isError} is set when one fails. */
    public CallToolResult check(Map<String, Object> arguments) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean healthy = true;

        String scheme = configuration.apiUrl().getScheme();
        boolean urlOk = configuration.apiUrl().isAbsolute() && ("https".equals(scheme) || "http".equals(scheme));
        checks.put("configuration", check(urlOk, urlOk ? "QuantConnect API at " + configuration.apiUrl()
                : "QUANTCONNECT_API_URL is not an absolute http(s) URL."));
        healthy &= urlOk;

        String credentialProblem = null;
        try {
            credentials.credentials();
        } catch (CredentialsUnavailableException e) {
            credentialProblem = e.getMessage();
        }
        checks.put("credentials", check(credentialProblem == null,
                credentialProblem == null ? "QuantConnect credentials are present." : credentialProblem));
        healthy &= credentialProblem == null;

        if (arguments != null && Boolean.TRUE.equals(arguments.get("checkQuantConnect"))) {
            long start = System.nanoTime();
            QuantConnectResponse response = client.call(AccountApi.READ_ACCOUNT, Map.of(),
                    Deadline.in(QUANTCONNECT_TIMEOUT));
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean ok = response instanceof QuantConnectResponse.Success;
            String detail = ok ? "QuantConnect accepted a signed call in " + millis + " ms."
                    : response instanceof QuantConnectResponse.Rejected rejected
                    ? "QuantConnect refused the call: " + String.join("; ", rejected.errors())
                    : response instanceof QuantConnectResponse.TooLarge tooLarge ? tooLarge.message()
                    : ((QuantConnectResponse.Failed) response).message();
            checks.put("quantConnect", check(ok, detail));
            healthy &= ok;
        }

        List<String> failing = checks.entrySet().stream()
                .filter(check -> !Boolean.TRUE.equals(((Map<?, ?>) check.getValue()).get("ok")))
                .map(Map.Entry::getKey).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("healthStatus", healthy ? "ok" : "degraded");
        if (!healthy) {
            body.put("failing", failing);
        }
        body.put("healthy", healthy);
        body.put("checks", checks);
        CallToolResult result = results.success(body);
        return healthy ? result : CallToolResult.builder().content(result.content())
                .structuredContent(result.structuredContent()).isError(true).build();
    }

    private static Map<String, Object> check(boolean ok, String detail) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("ok", ok);
        check.put("detail", detail);
        return check;
    }
}
