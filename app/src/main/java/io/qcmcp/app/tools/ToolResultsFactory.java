package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

@Factory
final class ToolResultsFactory {

    @Singleton
    ToolResults toolResults(ObjectMapper json, @Value("${mcp.max-result-chars:2000000}") int maxResultChars) {
        return new ToolResults(json, maxResultChars);
    }
}
