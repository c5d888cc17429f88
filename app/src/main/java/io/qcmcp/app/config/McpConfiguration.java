package io.qcmcp.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/**
 * Every {@code mcp.*} setting, bound once (each checked at start by SettingsCheck; the table of settings is in
 * the README).
 *
 * @param allowedOrigins browser origins allowed to call (CORS and DNS-rebinding protection); an entry is an
 *     exact origin, an origin with port {@code *} (any port), or {@code *} (any origin). Requests without
 *     an Origin header always pass. {@code MCP_ALLOWED_ORIGINS}, comma-separated.
 * @param apiKey when set, every request needs a matching {@code x-api-key} header ({@code MCP_API_KEY})
 * @param maxBodyBytes largest request body accepted
 * @param maxNestingDepth deepest JSON nesting accepted
 * @param toolsets the enabled toolsets, named after the spec's tags ({@code MCP_TOOLSETS}, comma-separated;
 *     {@code all} or empty for every toolset)
 * @param readOnly whether only tools annotated read-only are offered ({@code MCP_READ_ONLY})
 * @param maxResultChars longest tool answer, in characters of compact JSON, returned whole
 * @param pollInterval the first pause of a tool that waits for QuantConnect's answer to settle
 * @param maxConcurrentRequests requests the local server works on at once; more are refused with 503
 * @param resourceUrl the URL of this MCP endpoint as clients use it ({@code MCP_RESOURCE_URL}): the audience OAuth
 *     tokens must carry, stripped; null when unset or blank. Required with OAuth outside Lambda; on Lambda, taken
 *     from API Gateway's request context when unset. Never taken from a Host header.
 * @param liveTrading whether the tools that change live trading are offered ({@code MCP_LIVE_TRADING}): {@code off}
 *     (neither listed nor callable), {@code paper} (only with QuantConnect's paper brokerage, as each tool's
 *     {@code x-mcp-paper} tells from its arguments) or {@code on}
 * @param confirmLive whether a live-trading call is done only when repeated with the confirmation token of its
 *     preview ({@code MCP_CONFIRM_LIVE}); off for a client that asks a person before every call
 */
@ConfigurationProperties(McpConfiguration.PREFIX)
public record McpConfiguration(
        @Bindable(defaultValue = "http://localhost:*,http://127.0.0.1:*,http://[::1]:*") List<String> allowedOrigins,
        @Nullable String apiKey,
        @Bindable(defaultValue = "5242880") int maxBodyBytes,
        @Bindable(defaultValue = "64") int maxNestingDepth,
        @Bindable(defaultValue = "all") List<String> toolsets,
        @Bindable(defaultValue = "false") boolean readOnly,
        @Bindable(defaultValue = "100000") int maxResultChars,
        @Bindable(defaultValue = "1s") Duration pollInterval,
        @Bindable(defaultValue = "32") int maxConcurrentRequests,
        @Nullable String resourceUrl,
        @Bindable(defaultValue = "off") String liveTrading,
        @Bindable(defaultValue = "true") boolean confirmLive) {

    public static final String PREFIX = "mcp";

    public McpConfiguration {
        resourceUrl = resourceUrl == null || resourceUrl.isBlank() ? null : resourceUrl.strip();
    }

    @Override
    public String toString() {
        return "McpConfiguration[allowedOrigins=" + allowedOrigins + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "unset" : "***") + ", maxBodyBytes=" + maxBodyBytes
                + ", maxNestingDepth=" + maxNestingDepth + ", toolsets=" + toolsets + ", readOnly=" + readOnly
                + ", maxResultChars=" + maxResultChars + ", pollInterval=" + pollInterval
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", resourceUrl=" + resourceUrl + ", liveTrading=" + liveTrading + ", confirmLive=" + confirmLive + "]";
    }
}
