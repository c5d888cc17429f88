package io.qcmcp.app.about;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts about this build, written by Maven into qcmcp-build.properties: the lowest layer of the app, so that the
 * MCP endpoint (serverInfo) and the server tools (read_mcp_server_version) read them without importing each other.
 */
public final class BuildInfo {

    public static final String NAME = "quant-connect-mcp";
    public static final String VERSION = load().getProperty("version", "unknown");

    private BuildInfo() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/qcmcp-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
