package io.qcmcp.app.support;

import java.util.Map;

/** One way into the server (local HTTP server, or the Lambda handler), so one suite can run through both. */
public interface McpHttp extends AutoCloseable {

    Reply send(String method, Map<String, String> headers, String body);

    default Reply post(String body) {
        return send("POST", Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream"), body);
    }

    @Override
    void close();

    /**
     * @param status HTTP status
     * @param headers response headers, names lower-cased
     * @param body response body, empty when none
     */
    record Reply(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }
}
