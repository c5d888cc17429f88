package io.qcmcp.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to reach QuantConnect.
 *
 * @param apiUrl base URL of API v2 ({@code QUANTCONNECT_API_URL})
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout time allowed for a whole answer
 * @param codeSourceId name this server gives QuantConnect as the editor of file changes
 * @param requestBudget time one MCP request may spend on QuantConnect, retries included; kept under API
 *     Gateway's 29 s (on Lambda the function's remaining time can shorten it further), and 23 s so that a call
 *     that waits as long as it may still ends 2 s before the stack's 25 s duration alarm
 * @param maxAttempts attempts of an operation that is safe to repeat
 * @param maxAnswerBytes the largest answer read from QuantConnect, in bytes ({@code QUANTCONNECT_MAX_ANSWER_BYTES});
 *     the HTTP client stops at it, so a tool's memory does not grow with QuantConnect's answer, and a larger
 *     answer is reported as too large instead of being read (16 MiB: the largest backtest answers seen are a
 *     few MB)
 */
@ConfigurationProperties(QuantConnectConfiguration.PREFIX)
public record QuantConnectConfiguration(
        @Bindable(defaultValue = "https://www.quantconnect.com/api/v2") URI apiUrl,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "25s") Duration readTimeout,
        @Bindable(defaultValue = "quant-connect-mcp") String codeSourceId,
        @Bindable(defaultValue = "23s") Duration requestBudget,
        @Bindable(defaultValue = "3") int maxAttempts,
        @Bindable(defaultValue = "16777216") int maxAnswerBytes) {

    public static final String PREFIX = "quantconnect";

    public QuantConnectConfiguration {
        if (maxAnswerBytes <= 0) {
            throw new IllegalArgumentException("quantconnect.max-answer-bytes (QUANTCONNECT_MAX_ANSWER_BYTES) must be "
                    + "a positive number of bytes, not " + maxAnswerBytes);
        }
    }

    /** The absolute URL of an endpoint path such as {@code /projects/create}. */
    public URI endpoint(String path) {
        String base = apiUrl.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }
}
