package io.qcmcp.app.mcp;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request to /mcp as the endpoint sees it, whatever carried it.
 *
 * @param method HTTP method
 * @param headers header values by lower-case name
 * @param body raw body, empty when none
 * @param requestId id for logs and error replies (API Gateway's on Lambda, generated locally)
 * @param timeLeft on Lambda, the invocation's remaining time; null elsewhere
 * @param apiKeyFingerprint on AWS, a fingerprint of the caller's API Gateway key (never the key); null elsewhere
 * @param resource this endpoint's URL as the client uses it, the audience of OAuth tokens
 *     ({@code MCP_RESOURCE_URL}, else on AWS from API Gateway's request context); null when unknown
 */
public record McpRequest(String method, Map<String, String> headers, byte[] body, String requestId,
                         Duration timeLeft, String apiKeyFingerprint, String resource) {

    /** A request that did not come through API Gateway with a key. */
    public McpRequest(String method, Map<String, String> headers, byte[] body, String requestId, Duration timeLeft) {
        this(method, headers, body, requestId, timeLeft, null, null);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
