package io.qcmcp.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * OAuth 2.1 beside the API key: the server as a resource server of one issuer. Off while {@code issuer} is unset,
 * and then nothing of it is loaded or advertised.
 *
 * @param issuer the issuer URL ({@code MCP_OAUTH_ISSUER}); its OIDC discovery or RFC 8414 metadata must name the
 *     same issuer
 * @param audience audiences accepted besides the resource URL ({@code MCP_OAUTH_AUDIENCE}, comma-separated); a
 *     token's {@code client_id} counts when listed (Amazon Cognito's access tokens carry no {@code aud})
 * @param scopePrefix the prefix the issuer writes before the scope names ({@code MCP_OAUTH_SCOPE_PREFIX}; Cognito
 *     writes {@code <resource server identifier>/quantconnect.read}: the identifier, a {@code /} is added)
 */
@ConfigurationProperties(OAuthConfiguration.PREFIX)
public record OAuthConfiguration(@Nullable String issuer,
                                 @Bindable(defaultValue = "") List<String> audience,
                                 @Nullable String scopePrefix) {

    public static final String PREFIX = "mcp.oauth";

    /** Whether OAuth is on. */
    public boolean enabled() {
        return issuer != null && !issuer.isBlank();
    }
}
