package io.qcmcp.client.schema;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An object schema of openapi/quantconnect.yaml, as generated Java: named properties and the required
 * ones. Immutable; {@link #without} and {@link #requiring} derive the schemas of tools that share an
 * endpoint.
 */
public final class ObjectSchema {

    public static final ObjectSchema EMPTY = builder().build();

    private final Map<String, Property> properties;
    private final Set<String> required;
    private final String description;

    private ObjectSchema(Map<String, Property> properties, Set<String> required, String description) {
        this.properties = Collections.unmodifiableMap(properties);
        this.required = Collections.unmodifiableSet(required);
        this.description = description;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Property> properties() {
        return properties;
    }

    public Set<String> required() {
        return required;
    }

    /** The same schema without the named properties. */
    public ObjectSchema without(String... names) {
        Map<String, Property> props = new LinkedHashMap<>(properties);
        Set<String> req = new LinkedHashSet<>(required);
        for (String name : names) {
            if (props.remove(name) == null) {
                throw new IllegalArgumentException("No property '" + name + "' to exclude");
            }
            req.remove(name);
        }
        return new ObjectSchema(props, req, description);
    }

    /** What the schema describes, from the spec; empty when it says nothing. */
    public String description() {
        return description;
    }

    /** The same schema with the named properties required as well. */
    public ObjectSchema requiring(String... names) {
        Set<String> req = new LinkedHashSet<>(required);
        for (String name : names) {
            if (!properties.containsKey(name)) {
                throw new IllegalArgumentException("No property '" + name + "' to require");
            }
            req.add(name);
        }
        return new ObjectSchema(properties, req, description);
    }

    /** A closed JSON Schema object: a tool's arguments may hold only the listed properties. */
    public Map<String, Object> toInputSchema() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "object");
        Map<String, Object> props = new LinkedHashMap<>();
        properties.forEach((name, property) -> props.put(name, property.toInputSchema()));
        json.put("properties", props);
        if (!required.isEmpty()) {
            json.put("required", List.copyOf(required));
        }
        json.put("additionalProperties", false);
        return json;
    }

    /** Builder used by the generated schema classes. */
    public static final class Builder {
        private final Map<String, Property> properties = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();
        private String description = "";

        public Builder description(String text) {
            this.description = text == null ? "" : text.strip();
            return this;
        }

        public Builder property(String name, Property property, boolean isRequired) {
            properties.put(name, property);
            if (isRequired) {
                required.add(name);
            }
            return this;
        }

        public Builder required(String... names) {
            required.addAll(Arrays.asList(names));
            return this;
        }

        public ObjectSchema build() {
            return new ObjectSchema(new LinkedHashMap<>(properties), new LinkedHashSet<>(required), description);
        }
    }
}
