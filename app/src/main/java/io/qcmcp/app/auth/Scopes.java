package io.qcmcp.app.auth;

import io.qcmcp.app.tools.Access;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OAuth scopes of this server, one per {@link Access}: {@code quantconnect.read}, {@code quantconnect.write},
 * {@code quantconnect.live}. They add up (write does not imply read). With a prefix (Cognito writes
 * {@code <resource server identifier>/quantconnect.read}) a scope counts when it is the bare name or exactly the
 * prefix and the name, never with any other prefix.
 */
public final class Scopes {

    private final String prefix;

    /** @param prefix the issuer's prefix before the names, with or without its final {@code /}; null or blank for none */
    public Scopes(String prefix) {
        String stripped = prefix == null ? "" : prefix.strip();
        this.prefix = stripped.isEmpty() || stripped.endsWith("/") ? stripped : stripped + "/";
    }

    /** The bare name of the scope that grants {@code access}. */
    public static String name(Access access) {
        return "quantconnect." + access.name().toLowerCase(Locale.ROOT);
    }

    /** The scope that grants {@code access} as the issuer spells it. */
    public String spelled(Access access) {
        return prefix + name(access);
    }

    /** The scopes as the issuer spells them, for {@code accesses}, in order. */
    public List<String> spelled(Collection<Access> accesses) {
        return Arrays.stream(Access.values()).filter(accesses::contains).map(this::spelled).toList();
    }

    /** What a token's scopes grant. */
    public Set<Access> granted(Collection<String> scopes) {
        Set<Access> granted = EnumSet.noneOf(Access.class);
        for (Access access : Access.values()) {
            String name = name(access);
            if (scopes.contains(name) || (!prefix.isEmpty() && scopes.contains(prefix + name))) {
                granted.add(access);
            }
        }
        return granted;
    }
}
