package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.qcmcp.app.tools.ServerTool;
import io.qcmcp.app.about.BuildInfo;
import io.qcmcp.app.tools.ToolResults;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code read_mcp_server_version}: this server's name and version, from the build. */
@Singleton
record ReadMcpServerVersion(ToolResults results) implements ServerTool {

    /** The name the other QuantConnect MCP servers give this tool. */
    @Override
    public List<String> aliases() {
        return List.of("read_latest_mcp_server_version");
    }

    @Override
    public SyncToolSpecification specification() {
        McpSchema.Tool tool = McpSchema.Tool.builder("read_mcp_server_version", Tools.noArguments())
                .title("Read server version")
                .description("Read this MCP server's name and version.")
                .annotations(Tools.LOCAL_READ)
                .build();
        return new SyncToolSpecification(tool, (context, request) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", BuildInfo.NAME);
            body.put("version", BuildInfo.VERSION);
            return results.success(body);
        });
    }
}
