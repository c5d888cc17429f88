package io.qcmcp.app.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.qcmcp.app.config.OAuthConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks OAuth access tokens (JWTs) of the one configured issuer. A token passes when it is signed RS256 or ES256 by
 * a key of the issuer's JWKS (never {@code none}, never an HMAC, never a key the token points at with {@code jku} or
 * {@code x5u}: the key is looked up by {@code kid} in the issuer's own set), its {@code iss} is the issuer, {@code exp}
 * is present and not past, {@code nbf} not ahead (60 s of skew either way), it is an access token (a
 * {@code token_use} other than {@code access}, such as Cognito's ID token, is refused), and its audience is the
 * resource URL or one of the configured audiences ({@code aud}, or Cognito's {@code client_id}). A token that passed
 * is kept, for that resource, until it expires, so its signature is checked once.
 *
 * <p>A bean only when {@code MCP_OAUTH_ISSUER} is set: a key-only deployment loads none of this.
 */
@Singleton
@Requires(property = OAuthConfiguration.PREFIX + ".issuer", pattern = ".*\\S.*")
public final class OAuthTokens {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokens.class);
    static final long SKEW_MILLIS = 60_000;
    private static final int MAX_KEPT = 10_000;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final Issuer issuer;
    private final List<String> audiences;
    private final Scopes scopes;
    private final LongSupplier clock;
    private final Map<String, Check.Valid> kept = new ConcurrentHashMap<>();

    @Inject
    OAuthTokens(OAuthConfiguration configuration, ObjectMapper json) {
        this(configuration, json, System::currentTimeMillis);
    }

    OAuthTokens(OAuthConfiguration configuration, ObjectMapper json, LongSupplier clock) {
        this.issuer = new Issuer(configuration.issuer(), json, clock);
        this.audiences = configuration.audience().stream().flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(String::strip).filter(entry -> !entry.isEmpty()).toList();
        this.scopes = new Scopes(configuration.scopePrefix());
        this.clock = clock;
    }

    /** The issuer's URL. */
    public String issuer() {
        return issuer.url();
    }

    /** The scopes as the issuer spells them. */
    public Scopes scopes() {
        return scopes;
    }

    /** The issuer's metadata (read on first use); throws {@link Issuer.IssuerUnavailableException} if it cannot be read. */
    public Map<String, Object> issuerMetadata() {
        return issuer.metadata();
    }

    /** What checking a token found. */
    public sealed interface Check {
        /** A good token: its caller, and when it expires (epoch milliseconds). */
        record Valid(Caller caller, long expiresAt) implements Check {
        }

        /** A token refused; {@code reason} says why, in words safe to send back (no token content). */
        record Invalid(String reason) implements Check {
        }
    }

    /** Checks {@code token} for the resource at {@code resource} (this server's URL as the client uses it). */
    public Check check(String token, String resource) {
        String cacheKey = Digests.sha256Hex(token) + " " + resource;
        long now = clock.getAsLong();
        Check.Valid known = kept.get(cacheKey);
        if (known != null) {
            if (now < known.expiresAt() + SKEW_MILLIS) {
                return known;
            }
            kept.remove(cacheKey);
        }
        Check check;
        try {
            check = verify(token, resource, now);
        } catch (Issuer.IssuerUnavailableException e) {
            LOG.warn("OAuth issuer unavailable: {}", e.getMessage());
            return new Check.Invalid("the token could not be checked: the issuer's keys cannot be read just now");
        }
        if (check instanceof Check.Valid valid && kept.size() < MAX_KEPT) {
            kept.put(cacheKey, valid);
        }
        return check;
    }

    private Check verify(String token, String resource, long now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return new Check.Invalid("the token is not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            return new Check.Invalid("the token is signed with " + algorithm + "; only RS256 and ES256 are accepted");
        }
        JWK key = issuer.key(jwt.getHeader().getKeyID());
        if (key == null) {
            return new Check.Invalid("the token's key is not one of the issuer's");
        }
        try {
            JWSVerifier verifier = verifier(algorithm, key);
            if (verifier == null || !jwt.verify(verifier)) {
                return new Check.Invalid("the token's signature does not verify");
            }
        } catch (JOSEException e) {
            return new Check.Invalid("the token's signature does not verify");
        }
        if (!issuer.url().equals(claims.getIssuer())) {
            return new Check.Invalid("the token was issued by another issuer");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            return new Check.Invalid("the token has no expiry");
        }
        if (now >= expires.getTime() + SKEW_MILLIS) {
            return new Check.Invalid("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now < notBefore.getTime() - SKEW_MILLIS) {
            return new Check.Invalid("the token is not valid yet");
        }
        Object use = claims.getClaim("token_use");
        if (use != null && !"access".equals(use)) {
            return new Check.Invalid("the token is not an access token");
        }
        String clientId = text(claims.getClaim("client_id"));
        if (clientId == null) {
            clientId = text(claims.getClaim("azp"));
        }
        List<String> audience = claims.getAudience();
        boolean forUs = audience.contains(resource) || audience.stream().anyMatch(audiences::contains)
                || (clientId != null && audiences.contains(clientId));
        if (!forUs) {
            return new Check.Invalid("the token is meant for another resource (its audience is not this server)");
        }
        String subject = claims.getSubject();
        return new Check.Valid(new Caller(null, subject == null ? null : Digests.fingerprint(subject),
                clientId == null ? null : clientId.substring(0, Math.min(64, clientId.length())),
                scopes.granted(scopeList(claims))), expires.getTime());
    }

    private static JWSVerifier verifier(JWSAlgorithm algorithm, JWK key) throws JOSEException {
        if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec.toECPublicKey());
        }
        return null;
    }

    /** The token's scopes: {@code scope} (space-separated) or {@code scp} (a list or a string). */
    private static List<String> scopeList(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (scope == null) {
            scope = claims.getClaim("scp");
        }
        if (scope instanceof String text) {
            return Arrays.stream(text.split(" ")).filter(name -> !name.isEmpty()).toList();
        }
        if (scope instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
