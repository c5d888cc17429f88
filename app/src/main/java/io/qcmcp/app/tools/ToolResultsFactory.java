package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@Factory
final class ToolResultsFactory {

    @Singleton
    ToolResults toolResults(ObjectMapper json, @Value("${mcp.max-result-chars:100000}") int maxResultChars,
                            List<OperationGroup> groups) {
        Map<String, Set<String>> arguments = OperationGroup.all(groups).stream()
                .collect(Collectors.toMap(Operation::name, operation -> operation.input().properties().keySet()));
        return new ToolResults(json, maxResultChars, arguments);
    }
}
