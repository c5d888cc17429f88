package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

@Factory
final class ToolResultsFactory {

    @Singleton
    ToolResults toolResults(ObjectMapper json) {
        return new ToolResults(json);
    }
}
