package io.qcmcp.app.mcp;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.qcmcp.app.about.Protocol;
import io.qcmcp.app.config.McpConfiguration;
import io.qcmcp.app.tools.arguments.Texts;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    HttpGate(McpConfiguration configuration) {
        this.configuration = configuration;
        List<String> allowed = configuration.allowedOrigins().stream()
                .flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(entry -> entry.strip().toLowerCase(Locale.ROOT))
                .filter(entry -> !entry.isEmpty())
                .toList();
        this.origins = allowed.contains("*") ? null
                : DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowed).build();
        String key = configuration.apiKey();
        this.apiKeyDigest = key == null || key.isBlank() ? null : sha256(key.strip());
    }

    /** The reply that ends this request before parsing, if any. */
    Optional<McpReply> check(McpRequest request) {
        Optional<McpReply> refused = checkHeaders(request.method(), request::header);
        if (refused.isPresent()) {
            return refused;
        }
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
     * The refusal that the headers alone decide, before any body is read: a foreign Origin (403), then a missing
     * or wrong API key (401; a CORS preflight carries none and passes). The local server asks this as soon as
     * the headers have arrived ({@link LocalServerGuard}); {@link #check} asks it again for every entry point.
     *
     * @param header a header's value by case-insensitive name, null when absent
     */
    Optional<McpReply> checkHeaders(String method, Function<String, String> header) {
        String origin = header.apply("origin");
        if (origin != null && !originAllowed(origin)) {
            return Optional.of(McpReply.error(403, ErrorCodes.INVALID_REQUEST,
                    "Forbidden: origin " + Texts.abbreviated(origin, 100) + " is not allowed to call this server."));
        }
        if (!"OPTIONS".equals(method) && apiKeyDigest != null && !apiKeyMatches(header.apply("x-api-key"))) {
            return Optional.of(McpReply.error(401, ErrorCodes.INVALID_REQUEST,
                    "Unauthorized: send the server's API key in the x-api-key header."));
        }
        return Optional.empty();
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
                "Access-Control-Expose-Headers", "mcp-session-id, mcp-protocol-version");
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
        return presented != null && MessageDigest.isEqual(apiKeyDigest, sha256(presented.strip()));
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

    /** A key's fingerprint for logs: the first 16 hex digits of its SHA-256. The key cannot be had from it. */
    static String fingerprint(String key) {
        return java.util.HexFormat.of().formatHex(sha256(key.strip()), 0, 8);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
