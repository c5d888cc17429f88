package io.qcmcp.app.about;

import io.modelcontextprotocol.spec.ProtocolVersions;

import java.util.List;

/** The MCP protocol versions this server speaks. */
public final class Protocol {

    /** The versions negotiated at initialize; the last is the newest, offered by default. */
    public static final List<String> VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    private Protocol() {
    }
}
