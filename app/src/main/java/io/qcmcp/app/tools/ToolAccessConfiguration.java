package io.qcmcp.app.tools;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * Which tools this deployment offers; a request may narrow it further with headers (see {@link ToolAccess}).
 *
 * @param toolsets the enabled toolsets, named after the spec's tags ({@code MCP_TOOLSETS}, comma-separated;
 *     {@code all} or empty for every toolset)
 * @param readOnly whether only tools annotated read-only are offered ({@code MCP_READ_ONLY})
 */
@ConfigurationProperties(ToolAccessConfiguration.PREFIX)
public record ToolAccessConfiguration(
        @Bindable(defaultValue = ToolAccess.ALL) List<String> toolsets,
        @Bindable(defaultValue = "false") boolean readOnly) {

    public static final String PREFIX = "mcp";
}
