package io.qcmcp.app.mcp;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.qcmcp.app.about.Protocol;
import io.micronaut.core.annotation.Nullable;
import io.qcmcp.app.auth.Caller;
import io.qcmcp.app.auth.Digests;
import io.qcmcp.app.auth.OAuthTokens;
import io.qcmcp.app.auth.ResourceUrls;
import io.qcmcp.app.auth.Scopes;
import io.qcmcp.app.config.McpConfiguration;
import io.qcmcp.app.tools.ToolRegistry;
import io.qcmcp.app.tools.arguments.Texts;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP checks made before a body is read, in a fixed order: Origin (403), API key (401), CORS preflight,
 * method (405), Content-Type (415), Accept (406), size (413), MCP-Protocol-Version (400).
 */
@Singleton
final class HttpGate {

    static final String ALLOW = "POST, OPTIONS";
    static final String ALLOWED_HEADERS = "content-type, accept, x-api-key, mcp-protocol-version, mcp-session-id, "
            + "last-event-id, authorization, x-mcp-toolsets, x-mcp-read-only";

    private final McpConfiguration configuration;
    /** The MCP SDK's Origin check (exact origins, {@code scheme://host:*} for any port); null when any is allowed. */
    private final DefaultServerTransportSecurityValidator origins;
    private final byte[] apiKeyDigest;
    /** The OAuth token check; null when OAuth is off (MCP_OAUTH_ISSUER unset). */
    private final OAuthTokens tokens;
    /** The scopes a 401 names: those the deployment's tools can use, as the issuer spells them; "" without OAuth. */
    private final String usableScopes;

    HttpGate(McpConfiguration configuration, @Nullable OAuthTokens tokens, ToolRegistry registry) {
        this.configuration = configuration;
        this.tokens = tokens;
        this.usableScopes = tokens == null ? ""
                : String.join(" ", tokens.scopes().spelled(registry.usable(registry.select(null, null))));
        List<String> allowed = configuration.allowedOrigins().stream()
                .flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(entry -> entry.strip().toLowerCase(Locale.ROOT))
                .filter(entry -> !entry.isEmpty())
                .toList();
        this.origins = allowed.contains("*") ? null
                : DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowed).build();
        String key = configuration.apiKey();
        this.apiKeyDigest = key == null || key.isBlank() ? null : Digests.sha256(key.strip());
    }

    /** What the HTTP layer decides of a request: an answer that ends it, or who sent it. */
    sealed interface Admission {
        /** The request ends here with {@code reply}. */
        record Answered(McpReply reply) implements Admission {
        }

        /** The request goes on; {@code caller} sent it. */
        record Admitted(Caller caller) implements Admission {
        }
    }

    /** The reply that ends this request before parsing, or its caller. */
    Admission check(McpRequest request) {
        Admission admission = checkHeaders(request.method(), request::header, request.resource(),
                request.apiKeyFingerprint());
        if (admission instanceof Admission.Answered) {
            return admission;
        }
        Optional<McpReply> refused = checkRequest(request);
        return refused.isPresent() ? new Admission.Answered(refused.get()) : admission;
    }

    /** The checks of a request whose caller is known without credentials ({@link StdioServer}'s local user). */
    Admission admit(McpRequest request, Caller caller) {
        Optional<McpReply> refused = checkRequest(request);
        return refused.isPresent() ? new Admission.Answered(refused.get()) : new Admission.Admitted(caller);
    }

    /** The checks after the caller's: preflight, method, media types, size, protocol version. */
    private Optional<McpReply> checkRequest(McpRequest request) {
        if ("OPTIONS".equals(request.method())) {
            return Optional.of(new McpReply(204, null, preflightHeaders(request.header("origin"))));
        }
        if (!"POST".equals(request.method())) {
            return Optional.of(McpReply.error(405, ErrorCodes.INVALID_REQUEST, "Method not allowed: this server "
                    + "offers no SSE stream and is stateless. POST JSON-RPC messages to /mcp instead.")
                    .withHeaders(Map.of("Allow", ALLOW)));
        }
        String contentType = request.header("content-type");
        if (contentType != null && !isJson(contentType)) {
            return Optional.of(McpReply.error(415, ErrorCodes.INVALID_REQUEST,
                    "Unsupported media type: send JSON-RPC as application/json."));
        }
        String accept = request.header("accept");
        if (accept != null && !acceptable(accept)) {
            return Optional.of(McpReply.error(406, ErrorCodes.INVALID_REQUEST,
                    "Not acceptable: this server answers application/json; accept it (or text/event-stream)."));
        }
        if (request.body().length > configuration.maxBodyBytes()) {
            return Optional.of(tooLarge(request.body().length));
        }
        String version = request.header("mcp-protocol-version");
        if (version != null && !Protocol.VERSIONS.contains(version.strip())) {
            return Optional.of(McpReply.error(400, ErrorCodes.INVALID_REQUEST, "Unsupported MCP-Protocol-Version "
                    + Texts.abbreviated(version, 40) + "; supported: " + String.join(", ", Protocol.VERSIONS)
                    + "."));
        }
        return Optional.empty();
    }

    /**
     * What the headers alone decide, before any body is read: a foreign Origin (403), then the caller. A caller
     * is let in with this server's API key, with a key API Gateway checked ({@code gatewayKey}), or with a valid
     * OAuth access token for {@code resource}; when the server asks for neither (no API key, OAuth off) anyone is.
     * Otherwise 401, which with OAuth on points at the protected-resource metadata (a CORS preflight carries no
     * credentials and passes). The local server asks this as soon as the headers have arrived
     * ({@link LocalServerGuard}); {@link #check} asks it again for every entry point.
     *
     * @param header a header's value by case-insensitive name, null when absent
     * @param resource this endpoint's URL as the client uses it (the audience of its tokens); null when unknown
     * @param gatewayKey the fingerprint of the key API Gateway checked, or null
     */
    Admission checkHeaders(String method, Function<String, String> header, String resource, String gatewayKey) {
        String origin = header.apply("origin");
        if (origin != null && !originAllowed(origin)) {
            return new Admission.Answered(McpReply.error(403, ErrorCodes.INVALID_REQUEST,
                    "Forbidden: origin " + Texts.abbreviated(origin, 100) + " is not allowed to call this server."));
        }
        if ("OPTIONS".equals(method)) {
            return new Admission.Admitted(Caller.OPEN);
        }
        String key = header.apply("x-api-key");
        if (apiKeyDigest != null && apiKeyMatches(key)) {
            return new Admission.Admitted(Caller.withKey(fingerprint(key)));
        }
        if (gatewayKey != null) {
            return new Admission.Admitted(Caller.withKey(gatewayKey));
        }
        String token = bearer(header.apply("authorization"));
        if (tokens != null && token != null) {
            if (resource == null) {
                return new Admission.Answered(unauthorized(null, "this server does not know its own URL "
                        + "(MCP_RESOURCE_URL), so no token can be checked"));
            }
            OAuthTokens.Check check = tokens.check(token, resource);
            if (check instanceof OAuthTokens.Check.Valid valid) {
                return new Admission.Admitted(valid.caller());
            }
            return new Admission.Answered(unauthorized(resource, ((OAuthTokens.Check.Invalid) check).reason()));
        }
        if (apiKeyDigest == null && tokens == null) {
            return new Admission.Admitted(Caller.OPEN);
        }
        return new Admission.Answered(unauthorized(resource, null));
    }

    /**
     * 401: no credentials, or a token refused ({@code tokenError}, words safe to send back). With OAuth on, the
     * {@code WWW-Authenticate} header names the protected-resource metadata, so a client can find where to sign in.
     */
    McpReply unauthorized(String resource, String tokenError) {
        String ways = tokens == null ? "send the server's API key in the x-api-key header"
                : apiKeyDigest == null ? "send an OAuth access token as Authorization: Bearer <token>"
                : "send the server's API key in the x-api-key header, or an OAuth access token as "
                + "Authorization: Bearer <token>";
        McpReply reply = McpReply.error(401, ErrorCodes.INVALID_REQUEST, "Unauthorized: " + (tokenError == null
                ? ways : tokenError) + ".");
        if (tokens == null) {
            return reply;
        }
        StringBuilder challenge = new StringBuilder("Bearer");
        String separator = " ";
        if (tokenError != null) {
            challenge.append(separator).append("error=\"invalid_token\", error_description=\"")
                    .append(tokenError.replace("\"", "'")).append('"');
            separator = ", ";
        }
        if (resource != null) {
            challenge.append(separator).append("resource_metadata=\"").append(ResourceUrls.metadata(resource))
                    .append('"');
            separator = ", ";
        }
        if (!usableScopes.isEmpty()) {
            challenge.append(separator).append("scope=\"").append(usableScopes).append('"');
        }
        return reply.withHeaders(Map.of("WWW-Authenticate", challenge.toString()));
    }

    /**
     * 403: the caller's token does not grant what the call needs. {@code scopes} are the scopes to ask for, as the
     * issuer spells them: those the token has and the one missing.
     */
    McpReply insufficientScope(Object id, String resource, String tool, List<String> scopes) {
        String scope = String.join(" ", scopes);
        McpReply reply = McpReply.error(403, id, ErrorCodes.INVALID_REQUEST, "Forbidden: " + tool + " needs the "
                + "scope " + scopes.get(scopes.size() - 1) + ", which the access token does not grant. Sign in again "
                + "asking for: " + scope + ".");
        StringBuilder challenge = new StringBuilder("Bearer error=\"insufficient_scope\", scope=\"")
                .append(scope).append('"');
        if (resource != null) {
            challenge.append(", resource_metadata=\"").append(ResourceUrls.metadata(resource)).append('"');
        }
        return reply.withHeaders(Map.of("WWW-Authenticate", challenge.toString()));
    }

    /** The scopes as the issuer spells them; OAuth must be on. */
    Scopes scopes() {
        return tokens.scopes();
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** The answer to a body over the limit; {@code bytes} is its size, or negative when unknown. */
    McpReply tooLarge(long bytes) {
        return McpReply.error(413, ErrorCodes.INVALID_REQUEST, "Payload too large: the body has "
                + (bytes < 0 ? "more" : Long.toString(bytes)) + " bytes; the limit is " + configuration.maxBodyBytes()
                + ".");
    }

    /** CORS headers for an actual (non-preflight) answer to an allowed browser origin; none for any other. */
    Map<String, String> corsHeaders(String origin) {
        if (origin == null || !originAllowed(origin)) {
            return Map.of();
        }
        return Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin",
                "Access-Control-Expose-Headers", "mcp-session-id, mcp-protocol-version, www-authenticate");
    }

    private Map<String, String> preflightHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Allow", ALLOW);
        if (origin != null) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Methods", ALLOW);
            headers.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            headers.put("Access-Control-Max-Age", "600");
            headers.put("Vary", "Origin");
        }
        return headers;
    }

    boolean originAllowed(String origin) {
        if (origins == null) {
            return true;
        }
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        try {
            origins.validate(new HeaderAccessor() {
                @Override
                public List<String> getHeader(String name) {
                    return "origin".equalsIgnoreCase(name) ? List.of(normalized) : List.of();
                }

                @Override
                public List<String> getHeaderNames() {
                    return List.of("Origin");
                }
            });
            return true;
        } catch (ServerTransportSecurityException e) {
            return false;
        }
    }

    private boolean apiKeyMatches(String presented) {
        return presented != null && MessageDigest.isEqual(apiKeyDigest, Digests.sha256(presented.strip()));
    }

    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    static boolean acceptable(String accept) {
        if (accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.equals("text/event-stream") || type.equals("*/*")
                    || type.equals("application/*") || type.equals("text/*") || type.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** A key's fingerprint for logs ({@link Digests#fingerprint}); the key cannot be had from it. */
    static String fingerprint(String key) {
        return Digests.fingerprint(key.strip());
    }
}
