package io.qcmcp.app.tools.arguments;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks tool arguments against the tool's input schema, for exactly the subset of JSON Schema the tools use
 * (type, properties, required, additionalProperties, enum, minimum, maximum, minLength, items). It sees the arguments
 * after {@link ArgumentCoercion}, so what it refuses really does not fit: each problem names the argument and
 * the value received, in words an assistant can act on. It replaces the SDK's general validator, whose
 * meta-schema checks at start cost the cold start far more than this does at each call.
 */
public final class ArgumentValidator implements JsonSchemaValidator {

    private static final int SHOWN_VALUE_CHARS = 40;

    public static final Set<String> KEYWORDS = Set.of("type", "description", "properties", "required",
            "additionalProperties", "enum", "minimum", "maximum", "minLength", "items", "title", "default", "$schema");

    private final ArgumentCoercion coercion;

    /** @param coercion what was tried before, so that a refusal can list the spellings that work too */
    public ArgumentValidator(ArgumentCoercion coercion) {
        this.coercion = coercion;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object value) {
        List<String> problems = new ArrayList<>();
        check("arguments", schema, value, problems);
        return problems.isEmpty() ? ValidationResponse.asValid(null)
                : ValidationResponse.asInvalid(String.join("; ", problems));
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        List<String> problems = new ArrayList<>();
        checkSchema("schema", schema, problems);
        return problems.isEmpty() ? ValidationResponse.asValid(null)
                : ValidationResponse.asInvalid(String.join("; ", problems));
    }

    @SuppressWarnings("unchecked")
    private static void checkSchema(String where, Map<String, Object> schema, List<String> problems) {
        for (String keyword : schema.keySet()) {
            if (!KEYWORDS.contains(keyword)) {
                problems.add(where + " uses " + keyword + ", outside the supported subset");
            }
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> {
                if (property instanceof Map<?, ?> map) {
                    checkSchema(where + "." + name, (Map<String, Object>) map, problems);
                }
            });
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            checkSchema(where + "[]", (Map<String, Object>) items, problems);
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
            checkSchema(where + "{}", (Map<String, Object>) values, problems);
        }
    }

    @SuppressWarnings("unchecked")
    private void check(String name, Map<String, Object> schema, Object value, List<String> problems) {
        Object type = schema.get("type");
        if (type instanceof String expected && !matches(expected, value)) {
            boolean structured = expected.equals("object") || expected.equals("array");
            problems.add(name + " must be " + article(expected) + range(expected, value) + "; got "
                    + (structured && value instanceof String ? "a string that is not JSON of one" : describe(value)));
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            problems.add(name + " must be " + oneOf(allowed) + aliases(name, allowed) + "; got " + describe(value));
            return;
        }
        if (value instanceof Number number) {
            if (schema.get("minimum") instanceof Number minimum && number.doubleValue() < minimum.doubleValue()) {
                problems.add(name + " must be at least " + minimum + "; got " + describe(value));
            }
            if (schema.get("maximum") instanceof Number maximum && number.doubleValue() > maximum.doubleValue()) {
                problems.add(name + " must be at most " + maximum + "; got " + describe(value));
            }
        }
        if (value instanceof String text && schema.get("minLength") instanceof Number least
                && text.codePointCount(0, text.length()) < least.intValue()) {
            problems.add(name + (least.intValue() == 1 ? " must not be empty" : " must have at least " + least
                    + " characters") + "; got " + describe(value));
        }
        if (value instanceof Map<?, ?> object) {
            String prefix = "arguments".equals(name) ? "" : name + ".";
            Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p
                    ? (Map<String, Object>) p : Map.of();
            if (schema.get("required") instanceof List<?> required) {
                for (Object field : required) {
                    if (!object.containsKey(field) || object.get(field) == null) {
                        problems.add(prefix + field + " is required");
                    }
                }
            }
            Object additional = schema.get("additionalProperties");
            object.forEach((field, fieldValue) -> {
                String path = prefix + field;
                if (properties.get(field) instanceof Map<?, ?> property) {
                    if (fieldValue != null) {
                        check(path, (Map<String, Object>) property, fieldValue, problems);
                    }
                } else if (Boolean.FALSE.equals(additional)) {
                    problems.add(path + " is not an argument of this tool" + (properties.isEmpty() ? ""
                            : " (it takes " + String.join(", ", properties.keySet()) + ")"));
                } else if (additional instanceof Map<?, ?> values && fieldValue != null) {
                    check(path, (Map<String, Object>) values, fieldValue, problems);
                }
            });
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check(name + "[" + i + "]", (Map<String, Object>) items, list.get(i), problems);
            }
        }
    }

    private static boolean matches(String type, Object value) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte || (value instanceof BigInteger big && big.bitLength() < Long.SIZE)
                    || (value instanceof Number n && !(value instanceof BigInteger)
                    && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p63);
            case "number" -> value instanceof Number n && Double.isFinite(n.doubleValue());
            case "null" -> value == null;
            default -> true;
        };
    }

    /** For a number that has the right kind but is too large, the range accepted; else nothing. */
    private static String range(String type, Object value) {
        if (!(value instanceof Number number)) {
            return "";
        }
        boolean whole = value instanceof BigInteger || number.doubleValue() == Math.rint(number.doubleValue());
        return type.equals("integer") && whole ? " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                : type.equals("number") ? " within the range of a double" : "";
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String oneOf(List<?> allowed) {
        List<String> values = allowed.stream().map(String::valueOf).toList();
        return values.size() == 1 ? values.get(0) : String.join(", ", values.subList(0, values.size() - 1)) + " or "
                + values.get(values.size() - 1);
    }

    private String aliases(String name, List<?> allowed) {
        String property = name.substring(name.lastIndexOf('.') + 1).replaceAll("\\[\\d+]", "");
        List<String> spellings = coercion.aliases(property, allowed).stream().map(ArgumentCoercion.Alias::spelling)
                .toList();
        if (spellings.isEmpty()) {
            return "";
        }
        return " (" + (spellings.size() == 1 ? spellings.get(0) + " works" : oneOf(spellings).replace(" or ", " and ")
                + " work") + " too)";
    }

    /**
     * The value received, as an assistant can recognise it: scalars as written (long text cut), else the kind.
     * Text meant as an object or array is not shown: it may hold settings such as brokerage credentials, and
     * the SDK logs this message.
     */
    private static String describe(Object value) {
        if (value instanceof String text) {
            return "'" + Texts.abbreviated(text, SHOWN_VALUE_CHARS) + "'";
        }
        return value == null || value instanceof Map || value instanceof List ? Texts.kind(value) : String.valueOf(value);
    }
}
