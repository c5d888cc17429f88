package io.qcmcp.app.tools;

import java.util.Set;

/** Names of the tools the server adds beside the generated ones (none yet; see issue 3). */
public final class ServerTools {

    public static final Set<String> NAMES = Set.of();

    private ServerTools() {
    }
}
