package io.qcmcp.app.mcp;

import io.qcmcp.client.Deadline;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request to /mcp as the endpoint sees it, whatever carried it.
 *
 * @param method HTTP method
 * @param headers header values by lower-case name
 * @param body raw body, empty when none
 * @param requestId id for logs and error replies (API Gateway's on Lambda, generated locally)
 * @param deadline when the answer must be ready (QuantConnect calls end before it)
 */
public record McpRequest(String method, Map<String, String> headers, byte[] body, String requestId,
                         Deadline deadline) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
