package io.qcmcp.client.schema;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One property of an {@link ObjectSchema}: the subset of JSON Schema that strict MCP clients accept
 * (type, description, enum, minimum, maximum, minLength, items, nested objects, map values). Generated schema classes
 * build these from the spec; nothing here parses the spec.
 *
 * @param type the JSON Schema type
 * @param description what the property is, from the spec; may be null
 * @param enumValues the allowed values, or null
 * @param minimum the least value, or null
 * @param maximum the greatest value, or null
 * @param minLength the least length of a string, or null
 * @param items the schema of an array's items, or null
 * @param object the schema of a nested object, or null
 * @param values the schema of a map's values (an object with arbitrary keys), or null
 * @param binary whether this is file content, sent as a file part of a multipart body
 * @param defaultJson the JSON value sent when a call omits this property ({@code x-mcp-default}), or null; it
 *     is applied when the request is sent, and not listed in the tool's input schema
 * @param aliases other spellings accepted for enum values, by spelling, in the spec's order ({@code x-mcp-aliases});
 *     applied when a call's arguments are read, and not listed in the tool's input schema
 */
public record Property(String type, String description, List<Object> enumValues, Number minimum, Number maximum,
                       Integer minLength, Property items, ObjectSchema object, Property values, boolean binary, String defaultJson,
                       Map<String, String> aliases) {

    public static Builder of(String type, String description) {
        return new Builder(type, description);
    }

    public static Builder object(String description, ObjectSchema schema) {
        Builder b = new Builder("object", description);
        b.object = schema;
        return b;
    }

    /** This property as a JSON Schema fragment of a tool's input: nested objects are closed. */
    public Map<String, Object> toInputSchema() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (object != null) {
            json.putAll(object.toInputSchema());
        } else {
            json.put("type", type);
        }
        if (description != null && !description.isEmpty()) {
            json.put("description", description);
        } else if (object != null && !object.description().isEmpty()) {
            json.put("description", object.description());
        }
        if (enumValues != null) {
            json.put("enum", enumValues);
        }
        if (minimum != null) {
            json.put("minimum", minimum);
        }
        if (maximum != null) {
            json.put("maximum", maximum);
        }
        if (minLength != null) {
            json.put("minLength", minLength);
        }
        if (items != null) {
            json.put("items", items.toInputSchema());
        }
        if (values != null) {
            json.put("additionalProperties", values.toInputSchema());
        }
        return json;
    }

    /** Fluent builder used by the generated schema classes. */
    public static final class Builder {
        private final String type;
        private final String description;
        private List<Object> enumValues;
        private Number minimum;
        private Number maximum;
        private Integer minLength;
        private Property items;
        private ObjectSchema object;
        private Property values;
        private boolean binary;
        private String defaultJson;
        private final Map<String, String> aliases = new LinkedHashMap<>();

        private Builder(String type, String description) {
            this.type = type;
            this.description = description == null ? null : description.strip();
        }

        // The setters only store a value each: one line apiece.
        public Builder enumValues(Object... values) {
            this.enumValues = List.copyOf(Arrays.asList(values));
            return this;
        }

        public Builder minimum(Number minimum) { this.minimum = minimum; return this; }
        public Builder maximum(Number maximum) { this.maximum = maximum; return this; }
        public Builder minLength(int minLength) { this.minLength = minLength; return this; }
        public Builder items(Property items) { this.items = items; return this; }
        /** Value schema of a map (an object with arbitrary keys). */
        public Builder values(Property values) { this.values = values; return this; }
        public Builder binary() { this.binary = true; return this; }
        public Builder defaultJson(String json) { this.defaultJson = json == null ? null : json.strip(); return this; }

        /** Other spellings of enum values, each written {@code spelling=value}; the value must be one of the enum. */
        public Builder aliases(String... pairs) {
            for (String pair : pairs) {
                int at = pair.indexOf('=');
                String value = at < 0 ? null : pair.substring(at + 1).strip();
                if (value == null || enumValues == null || !enumValues.contains(value)) {
                    throw new IllegalArgumentException("x-mcp-aliases entry '" + pair + "' must be spelling=value, "
                            + "with a value of the enum " + enumValues);
                }
                aliases.put(pair.substring(0, at).strip(), value);
            }
            return this;
        }

        public Property build() {
            return new Property(type, description, enumValues, minimum, maximum, minLength, items, object, values,
                    binary, defaultJson, Collections.unmodifiableMap(new LinkedHashMap<>(aliases)));
        }
    }
}
