package io.qcmcp.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * QuantConnect's request signature: {@code Timestamp: <unix seconds>} and
 * {@code Authorization: Basic base64(userId:sha256hex(apiToken:timestamp))}, computed for every request.
 */
public final class RequestSigner {

    public static final String TIMESTAMP_HEADER = "Timestamp";

    private RequestSigner() {
    }

    /** The value of the Authorization header for the given credentials at the given time. */
    public static String authorization(Credentials credentials, long epochSeconds) {
        String hash = sha256Hex(credentials.apiToken() + ":" + epochSeconds);
        String basic = credentials.userId() + ":" + hash;
        return "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
