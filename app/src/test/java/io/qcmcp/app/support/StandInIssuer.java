package io.qcmcp.app.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An OAuth issuer made for the tests, shaped like Amazon Cognito: OIDC discovery without
 * {@code code_challenge_methods_supported} and a JWKS with one RSA key, over real HTTP; it mints access tokens with
 * any claims, good or broken. It counts the reads of its keys.
 */
public final class StandInIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;
    private final AtomicInteger keyReads = new AtomicInteger();

    public StandInIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("stand-in-1").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/pool/.well-known/openid-configuration", exchange -> answer(exchange, """
                {"issuer":"%1$s","authorization_endpoint":"%2$s/oauth2/authorize","token_endpoint":"%2$s/oauth2/token",\
                "jwks_uri":"%1$s/.well-known/jwks.json","response_types_supported":["code","token"],\
                "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]}"""
                .formatted(issuer(), base())));
        server.createContext("/pool/.well-known/jwks.json", exchange -> {
            keyReads.incrementAndGet();
            answer(exchange, new JWKSet(key.toPublicJWK()).toString());
        });
        server.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String issuer() {
        return base() + "/pool";
    }

    /** The public key, as the issuer publishes it. */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    public int keyReads() {
        return keyReads.get();
    }

    /** The claims of a good access token for {@code audience} with {@code scope}, valid for ten minutes. */
    public JWTClaimsSet.Builder claims(String audience, String scope) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject("person-1").audience(audience)
                .claim("scope", scope).claim("client_id", "client-1").issueTime(new Date(now))
                .expirationTime(new Date(now + 600_000));
    }

    /** A token of these claims signed RS256 with the issuer's key; {@code header} may change the header first. */
    public String sign(JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
        JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT);
        header.accept(builder);
        SignedJWT jwt = new SignedJWT(builder.build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, header -> { });
    }

    /** Properties that turn OAuth on against this issuer. */
    public Map<String, Object> properties(String resourceUrl) {
        return Map.of("mcp.oauth.issuer", issuer(), "mcp.resource-url", resourceUrl);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
