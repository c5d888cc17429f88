package io.qcmcp.app.auth;

import io.qcmcp.app.tools.Access;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who sent a request, as far as this server knows: never a key or a token, only fingerprints of them.
 *
 * @param keyFingerprint the fingerprint of the API key the request carried (checked here or by API Gateway), or null
 * @param subjectFingerprint the fingerprint of an OAuth token's subject ({@code sub}), or null
 * @param clientId the OAuth client the token was issued to (cut short), {@code stdio} for {@link #STDIO}, or null
 * @param granted what the caller may do: everything with an API key or on a server that asks for nothing, an OAuth
 *     token's scopes otherwise
 */
public record Caller(String keyFingerprint, String subjectFingerprint, String clientId, Set<Access> granted) {

    /** A caller on a server that asks for no credentials (local use without an API key or OAuth). */
    public static final Caller OPEN = new Caller(null, null, null, EnumSet.allOf(Access.class));

    /**
     * The local user who started the server over standard input and output ({@code --stdio}): granted everything the
     * settings offer, like {@link #OPEN}; its log and audit lines say {@code "clientId":"stdio"}.
     */
    public static final Caller STDIO = new Caller(null, null, "stdio", EnumSet.allOf(Access.class));

    public Caller {
        granted = granted.isEmpty() ? Set.of() : Set.copyOf(granted);
    }

    /**
     * Who calls, as a confirmation token binds it: the key's fingerprint, or the token subject's with its client; for
     * a caller without credentials, "open" (or the client, over stdio). Never a key or a token.
     */
    public String id() {
        if (keyFingerprint != null) {
            return "key:" + keyFingerprint;
        }
        return subjectFingerprint == null ? "open" + (clientId == null ? "" : ":" + clientId)
                : "subject:" + subjectFingerprint + "/" + clientId;
    }

    /** A caller with an API key: granted everything the deployment offers. */
    public static Caller withKey(String fingerprint) {
        return new Caller(fingerprint, null, null, EnumSet.allOf(Access.class));
    }
}
