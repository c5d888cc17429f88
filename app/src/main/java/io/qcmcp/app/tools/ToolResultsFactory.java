package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import io.qcmcp.app.config.McpConfiguration;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@Factory
final class ToolResultsFactory {

    @Singleton
    ToolResults toolResults(ObjectMapper json, McpConfiguration configuration, List<OperationGroup> groups) {
        return toolResults(json, configuration.maxResultChars(), groups);
    }

    ToolResults toolResults(ObjectMapper json, int maxResultChars, List<OperationGroup> groups) {
        Map<String, ToolResults.Paging> paging = OperationGroup.all(groups).stream()
                .collect(Collectors.toMap(Operation::name, operation -> new ToolResults.Paging(
                        operation.input().properties().keySet(), operation.paging())));
        return new ToolResults(json, maxResultChars, paging);
    }
}
