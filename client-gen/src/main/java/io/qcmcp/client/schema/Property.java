package io.qcmcp.client.schema;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One property of an {@link ObjectSchema}: the subset of JSON Schema that strict MCP clients accept
 * (type, description, enum, minimum, maximum, items, nested objects, map values). Generated schema classes
 * build these from the spec; nothing here parses the spec.
 */
public final class Property {

    private final String type;
    private final String description;
    private final List<Object> enumValues;
    private final Number minimum;
    private final Number maximum;
    private final Property items;
    private final ObjectSchema object;
    private final Property values;
    private final boolean binary;
    private final String defaultJson;

    private Property(Builder b) {
        this.type = b.type;
        this.description = b.description;
        this.enumValues = b.enumValues;
        this.minimum = b.minimum;
        this.maximum = b.maximum;
        this.items = b.items;
        this.object = b.object;
        this.values = b.values;
        this.binary = b.binary;
        this.defaultJson = b.defaultJson;
    }

    public static Builder of(String type, String description) {
        return new Builder(type, description);
    }

    public static Builder object(String description, ObjectSchema schema) {
        Builder b = new Builder("object", description);
        b.object = schema;
        return b;
    }

    public String type() {
        return type;
    }

    public String description() {
        return description;
    }

    public List<Object> enumValues() {
        return enumValues;
    }

    public Number minimum() {
        return minimum;
    }

    public Number maximum() {
        return maximum;
    }

    public Property items() {
        return items;
    }

    public ObjectSchema object() {
        return object;
    }

    public Property values() {
        return values;
    }

    /** File content, sent as a file part of a multipart body. */
    public boolean binary() {
        return binary;
    }

    /**
     * The JSON value sent when a call omits this property ({@code x-mcp-default}), or null. It is applied when
     * the request is sent, and not listed in the tool's input schema.
     */
    public String defaultJson() {
        return defaultJson;
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
        private Property items;
        private ObjectSchema object;
        private Property values;
        private boolean binary;
        private String defaultJson;

        private Builder(String type, String description) {
            this.type = type;
            this.description = description == null ? null : description.strip();
        }

        public Builder enumValues(Object... values) {
            this.enumValues = List.copyOf(Arrays.asList(values));
            return this;
        }

        public Builder minimum(Number minimum) {
            this.minimum = minimum;
            return this;
        }

        public Builder maximum(Number maximum) {
            this.maximum = maximum;
            return this;
        }

        public Builder items(Property items) {
            this.items = items;
            return this;
        }

        /** Value schema of a map (an object with arbitrary keys). */
        public Builder values(Property values) {
            this.values = values;
            return this;
        }

        public Builder binary() {
            this.binary = true;
            return this;
        }

        public Builder defaultJson(String json) {
            this.defaultJson = json == null ? null : json.strip();
            return this;
        }

        public Property build() {
            return new Property(this);
        }
    }
}
