package io.qcmcp.app.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of credentials, for comparing them and for naming them in logs without them. */
public final class Digests {

    private Digests() {
    }

    /** The SHA-256 of {@code text} (UTF-8). */
    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of {@code text} in hex. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    /**
     * A fingerprint for logs and audit lines: the first 16 hex digits of the SHA-256 of {@code text} (an API key, a
     * token's subject). Neither can be had from it.
     */
    public static String fingerprint(String text) {
        return HexFormat.of().formatHex(sha256(text), 0, 8);
    }
}
