package io.qcmcp.app.tools;

import io.qcmcp.app.support.ChildJvm;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment variables the deployment sets, MCP_TOOLSETS and MCP_READ_ONLY, reach the server as such. */
class ToolsetsFromEnvironmentTest {

    static final String TOOLS = "tools: ";

    /** Run in the child JVM. */
    public static void main(String[] args) {
        try (InProcessServer server = new InProcessServer(Map.of())) {
            Set<String> names = new TreeSet<>();
            server.tools().forEach(tool -> names.add(tool.get("name").asText()));
            System.out.println(TOOLS + String.join(",", names));
        }
    }

    @Test
    @DisplayName("MCP_TOOLSETS=compile,account and MCP_READ_ONLY=true leave the read-only tools of those toolsets")
    void fromEnvironment() throws Exception {
        String output = ChildJvm.run(ToolsetsFromEnvironmentTest.class,
                Map.of("MCP_TOOLSETS", "compile,account", "MCP_READ_ONLY", "true"));
        assertTrue(output.contains(TOOLS + "read_account,read_compile,read_infra_health,read_mcp_server_version\n"),
                output);
    }
}
