package io.qcmcp.app.mcp;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.qcmcp.app.auth.OAuthTokens;
import io.qcmcp.app.auth.ResourceUrls;
import io.qcmcp.app.config.McpConfiguration;
import io.qcmcp.app.tools.ToolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OAuth documents a client reads after a 401, when OAuth is on (404 otherwise, so a key-only deployment
 * advertises nothing): the protected-resource metadata (RFC 9728) at {@code /.well-known/oauth-protected-resource}
 * and path-suffixed ({@code .../mcp}, {@code .../oauth/mcp}); and, for an issuer whose own metadata lacks what MCP
 * clients require (Amazon Cognito publishes no RFC 8414 document and no {@code code_challenge_methods_supported}),
 * an authorization-server document of this server's own that points at the issuer's endpoints and lists
 * {@code S256}, at {@code /.well-known/oauth-authorization-server} and {@code /.well-known/openid-configuration}.
 * On AWS these paths sit under the stage; the 401 names the whole URL.
 */
@Controller
final class WellKnownController {

    private static final Logger LOG = LoggerFactory.getLogger(WellKnownController.class);

    private final OAuthTokens tokens;
    private final ToolRegistry registry;
    private final ObjectMapper json;
    private final String resourceUrl;

    WellKnownController(@Nullable OAuthTokens tokens, ToolRegistry registry, ObjectMapper json,
                        McpConfiguration configuration) {
        this.tokens = tokens;
        this.registry = registry;
        this.json = json;
        this.resourceUrl = configuration.resourceUrl();
    }

    @Get(uris = {ResourceUrls.PROTECTED_RESOURCE, ResourceUrls.PROTECTED_RESOURCE + "/{+path}"},
            produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> protectedResource(HttpRequest<?> request, @Nullable String path) {
        String resource = McpController.resource(resourceUrl, McpController.gatewayEvent(request));
        if (tokens == null || resource == null) {
            return notFound();
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("resource", resource);
        document.put("authorization_servers", List.of(ownMetadataNeeded() ? ResourceUrls.base(resource)
                : tokens.issuer()));
        document.put("scopes_supported", scopesSupported());
        document.put("bearer_methods_supported", List.of("header"));
        document.put("resource_name", "QuantConnect MCP server");
        return document(document);
    }

    @Get(uris = {ResourceUrls.AUTHORIZATION_SERVER, ResourceUrls.AUTHORIZATION_SERVER + "/{+path}",
            ResourceUrls.OPENID_CONFIGURATION}, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> authorizationServer(HttpRequest<?> request, @Nullable String path) {
        String base = base(request);
        if (tokens == null || base == null || !ownMetadataNeeded()) {
            return notFound();
        }
        Map<String, Object> issuer = tokens.issuerMetadata();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", base);
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "revocation_endpoint",
                "userinfo_endpoint", "end_session_endpoint")) {
            if (issuer.get(endpoint) != null) {
                document.put(endpoint, issuer.get(endpoint));
            }
        }
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("token_endpoint_auth_methods_supported", issuer.getOrDefault(
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none")));
        document.put("scopes_supported", scopesSupported());
        return document(document);
    }

    /** Whether the issuer's metadata lacks PKCE with S256, which MCP clients require before they connect. */
    private boolean ownMetadataNeeded() {
        try {
            return !(tokens.issuerMetadata().get("code_challenge_methods_supported") instanceof List<?> methods
                    && methods.contains("S256"));
        } catch (RuntimeException e) {
            LOG.warn("OAuth issuer metadata unavailable: {}", e.getMessage());
            return false;
        }
    }

    /** The scopes worth asking for on this deployment, as the issuer spells them. */
    private List<String> scopesSupported() {
        return tokens.scopes().spelled(registry.usable(registry.select(null, null)));
    }

    /** Where this server's documents live: MCP_RESOURCE_URL's base, or on AWS the request's path before /.well-known/. */
    private String base(HttpRequest<?> request) {
        if (resourceUrl != null) {
            return ResourceUrls.base(resourceUrl);
        }
        APIGatewayProxyRequestEvent event = McpController.gatewayEvent(request);
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getDomainName() == null) {
            return null;
        }
        return ResourceUrls.baseFromGateway(event.getRequestContext().getDomainName(),
                event.getRequestContext().getPath());
    }

    private HttpResponse<String> document(Map<String, Object> document) {
        try {
            return HttpResponse.ok(json.writeValueAsString(document)).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "public, max-age=300")
                    .header("Access-Control-Allow-Origin", "*");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> notFound() {
        McpReply reply = McpReply.error(404, ErrorCodes.INVALID_REQUEST, "Not found: this server does not use OAuth.");
        return HttpResponse.<String>status(HttpStatus.NOT_FOUND).body(reply.body())
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
