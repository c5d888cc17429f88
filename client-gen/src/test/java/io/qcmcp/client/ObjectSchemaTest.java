package io.qcmcp.client;

import io.qcmcp.client.schema.ObjectSchema;
import io.qcmcp.client.schema.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObjectSchemaTest {

    private static final ObjectSchema SCHEMA = ObjectSchema.builder()
            .property("projectId", Property.of("integer", "Project id.").build(), false)
            .property("start", Property.of("integer", "First index.").minimum(0).build(), false)
            .property("language", Property.of("string", "Language.").enumValues("Py", "C#").build(), true)
            .build();

    @Test
    @DisplayName("An input schema is a closed object with typed, described properties")
    void closedInputSchema() {
        assertEquals(Map.of(
                "type", "object",
                "properties", Map.of(
                        "projectId", Map.of("type", "integer", "description", "Project id."),
                        "start", Map.of("type", "integer", "description", "First index.", "minimum", 0),
                        "language", Map.of("type", "string", "description", "Language.", "enum", List.of("Py", "C#"))),
                "required", List.of("language"),
                "additionalProperties", false), SCHEMA.toInputSchema());
    }

    @Test
    @DisplayName("A variant can drop properties and require others")
    void variants() {
        ObjectSchema variant = SCHEMA.without("start").requiring("projectId");
        assertEquals(List.of("projectId", "language"), List.copyOf(variant.properties().keySet()));
        assertEquals(List.of("language", "projectId"), List.copyOf(variant.required()));
    }

    @Test
    @DisplayName("A variant naming an unknown property fails fast")
    void unknownPropertyInVariant() {
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.without("nope"));
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.requiring("nope"));
    }
}
