package io.qcmcp.app.tools;

import java.util.List;
import java.util.Map;

/**
 * Checks an answer against a response schema of the spec, as read by snakeyaml: types (a date-time is a
 * string), nullable, enums, required fields, items, nested objects and map values. Fields the schema does not
 * list are allowed: QuantConnect sends more than it documents.
 */
final class ResponseCheck {

    private static final int SHOWN_CHARS = 40;

    private ResponseCheck() {
    }

    static void check(String where, Map<String, Object> schemas, Map<String, Object> schema, Object answer,
                      List<String> problems) {
        check(where, "", schemas, schema, answer, problems);
    }

    @SuppressWarnings("unchecked")
    private static void check(String where, String path, Map<String, Object> schemas, Map<String, Object> given,
                              Object value, List<String> problems) {
        Map<String, Object> schema = given.get("$ref") instanceof String ref
                ? (Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1)) : given;
        Object type = schema.get("type");
        if (value == null) {
            if (type != null && !Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(where + ": " + path + " is null, which the schema does not allow (nullable)");
            }
            return;
        }
        if (type instanceof String expected && !matches(expected, value)) {
            String shown = value instanceof Map ? "an object" : value instanceof List ? "an array" : "'" + value + "'";
            problems.add(where + ": " + path + " must be " + (expected.equals("array") || expected.equals("integer")
                    || expected.equals("object") ? "an " : "a ") + expected + ", is "
                    + (shown.length() > SHOWN_CHARS ? shown.substring(0, SHOWN_CHARS) + "..." : shown));
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            problems.add(where + ": " + path + " is " + value + ", not one of " + allowed);
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p
                    ? (Map<String, Object>) p : Map.of();
            if (schema.get("required") instanceof List<?> required) {
                required.stream().filter(field -> !object.containsKey(field))
                        .forEach(field -> problems.add(where + ": " + prefix + field + " is missing"));
            }
            object.forEach((field, fieldValue) -> {
                if (properties.get(field) instanceof Map<?, ?> property) {
                    check(where, prefix + field, schemas, (Map<String, Object>) property, fieldValue, problems);
                } else if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
                    check(where, prefix + field, schemas, (Map<String, Object>) values, fieldValue, problems);
                }
            });
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check(where, path + "[" + i + "]", schemas, (Map<String, Object>) items, list.get(i), problems);
            }
        }
    }

    private static boolean matches(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long
                    || (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()));
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "array" -> value instanceof List;
            case "object" -> value instanceof Map;
            default -> true;
        };
    }
}
