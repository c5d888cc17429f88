package io.qcmcp.app.mcp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * How /mcp guards itself.
 *
 * @param allowedOrigins browser origins allowed to call (CORS and DNS-rebinding protection); an entry is an
 *     exact origin, an origin with port {@code *} (any port), or {@code *} (any origin). Requests without
 *     an Origin header always pass. {@code MCP_ALLOWED_ORIGINS}, comma-separated.
 * @param apiKey when set, every request needs a matching {@code x-api-key} header ({@code MCP_API_KEY})
 * @param maxBodyBytes largest request body accepted
 * @param maxNestingDepth deepest JSON nesting accepted
 */
@ConfigurationProperties(McpServerConfiguration.PREFIX)
public record McpServerConfiguration(
        @Bindable(defaultValue = "http://localhost:*,http://127.0.0.1:*,http://[::1]:*") List<String> allowedOrigins,
        @Nullable String apiKey,
        @Bindable(defaultValue = "5242880") int maxBodyBytes,
        @Bindable(defaultValue = "64") int maxNestingDepth) {

    public static final String PREFIX = "mcp";

    @Override
    public String toString() {
        return "McpServerConfiguration[allowedOrigins=" + allowedOrigins + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "unset" : "***") + ", maxBodyBytes=" + maxBodyBytes
                + ", maxNestingDepth=" + maxNestingDepth + "]";
    }
}
