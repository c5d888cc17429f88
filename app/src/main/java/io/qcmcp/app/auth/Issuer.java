package io.qcmcp.app.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The OAuth issuer this server trusts: its metadata (OIDC discovery, else RFC 8414) and its signing keys, read on
 * first use (never at start) and kept. An unknown key id reads the keys again, at most once a minute, so a rotation
 * is picked up and a stream of made-up key ids cannot make the server hammer the issuer.
 */
final class Issuer {

    static final Duration KEYS_REFRESH = Duration.ofMinutes(1);
    private static final int MAX_DOCUMENT_BYTES = 1 << 20;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final String issuer;
    private final ObjectMapper json;
    private final LongSupplier clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Map<String, Object> metadata;
    private volatile JWKSet keys;
    private volatile long keysReadAt;

    /**
     * @param issuer the issuer URL as configured, which its metadata must repeat exactly
     * @param clock milliseconds, for the refresh interval
     */
    Issuer(String issuer, ObjectMapper json, LongSupplier clock) {
        this.issuer = issuer.strip();
        this.json = json;
        this.clock = clock;
    }

    String url() {
        return issuer;
    }

    /** The issuer's metadata, read once. */
    Map<String, Object> metadata() {
        Map<String, Object> known = metadata;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (metadata == null) {
                metadata = discover();
            }
            return metadata;
        }
    }

    /** The key with this id (or the only key, when the token names none); null when the issuer has none such. */
    JWK key(String keyId) {
        JWKSet current = keys();
        JWK key = find(current, keyId);
        if (key == null && keyId != null) {
            synchronized (this) {
                if (clock.getAsLong() - keysReadAt >= KEYS_REFRESH.toMillis()) {
                    keys = readKeys();
                    keysReadAt = clock.getAsLong();
                }
                key = find(keys, keyId);
            }
        }
        return key;
    }

    private JWKSet keys() {
        JWKSet current = keys;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (keys == null) {
                keys = readKeys();
                keysReadAt = clock.getAsLong();
            }
            return keys;
        }
    }

    private static JWK find(JWKSet set, String keyId) {
        if (keyId != null) {
            return set.getKeyByKeyId(keyId);
        }
        List<JWK> all = set.getKeys();
        return all.size() == 1 ? all.get(0) : null;
    }

    private JWKSet readKeys() {
        Object uri = metadata().get("jwks_uri");
        if (!(uri instanceof String jwks) || jwks.isBlank()) {
            throw new IssuerUnavailableException("the issuer's metadata names no jwks_uri");
        }
        try {
            return JWKSet.parse(get(URI.create(jwks)));
        } catch (ParseException e) {
            throw new IssuerUnavailableException("the issuer's keys (jwks_uri) are not a JWK set");
        }
    }

    /** OIDC discovery, else RFC 8414 metadata; the issuer it names must be the configured one. */
    private Map<String, Object> discover() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI issuerUri = URI.create(base);
        String path = issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath();
        String origin = issuerUri.getScheme() + "://" + issuerUri.getRawAuthority();
        List<URI> candidates = List.of(URI.create(base + "/.well-known/openid-configuration"),
                URI.create(origin + "/.well-known/oauth-authorization-server" + path));
        IssuerUnavailableException last = null;
        for (URI candidate : candidates) {
            try {
                Map<String, Object> found = json.readValue(get(candidate), MAP);
                if (!issuer.equals(found.get("issuer"))) {
                    throw new IssuerUnavailableException("the issuer's metadata names another issuer ("
                            + found.get("issuer") + "), not MCP_OAUTH_ISSUER");
                }
                return Map.copyOf(found);
            } catch (IssuerUnavailableException e) {
                last = e;
            } catch (IOException e) {
                last = new IssuerUnavailableException("the issuer's metadata is not JSON");
            }
        }
        throw last;
    }

    private String get(URI uri) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (response.statusCode() != 200) {
                    throw new IssuerUnavailableException(uri + " answered HTTP " + response.statusCode());
                }
                if (bytes.length > MAX_DOCUMENT_BYTES) {
                    throw new IssuerUnavailableException(uri + " answered more than 1 MiB");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IssuerUnavailableException(uri + " could not be read (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException(uri + " could not be read (interrupted)");
        }
    }

    /** The issuer's metadata or keys cannot be had; the message names no secret. */
    static final class IssuerUnavailableException extends RuntimeException {
        IssuerUnavailableException(String message) {
            super(message);
        }
    }
}
