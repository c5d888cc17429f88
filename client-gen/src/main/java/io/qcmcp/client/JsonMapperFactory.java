package io.qcmcp.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one Jackson mapper of the process, shared by the client and the MCP layer. */
@Factory
final class JsonMapperFactory {

    @Singleton
    ObjectMapper objectMapper() {
        return new ObjectMapper();
    }
}
