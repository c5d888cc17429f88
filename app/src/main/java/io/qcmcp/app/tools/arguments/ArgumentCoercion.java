package io.qcmcp.app.tools.arguments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Brings tool arguments to what their input schema asks for, wherever the intent is plain: "12345" where an
 * integer is expected, "30.5" for a number, "true" for a boolean, 10 or 30.5 where a string is expected (as in
 * backtest parameters), an enum value in another case or under a declared alias (Python for Py), an object or
 * array sent as JSON text, one value where an array is expected, an argument spelled project_id or
 * ProjectId for projectId, and an empty string for an optional property that may not be empty
 * ({@code minLength}), which means "none" (create_file with {@code content: ""} creates an empty file). Driven by the schema alone, at call time: nothing here shows in tools/list. What
 * still does not fit is left as it is, for {@link ArgumentValidator} to refuse with the value it got.
 */
public final class ArgumentCoercion {

    /** Another spelling of an enum value, accepted for a property of a given name. */
    public record Alias(String spelling, String value) {
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,300}\\.?\\d{0,300}|\\.\\d{1,300})([eE][+-]?\\d{1,3})?");

    private final ObjectMapper json;
    private final Map<String, List<Alias>> aliases;

    /**
     * @param json reads objects and arrays sent as JSON text
     * @param aliases spellings accepted for enum values, by property name
     */
    public ArgumentCoercion(ObjectMapper json, Map<String, List<Alias>> aliases) {
        this.json = json;
        this.aliases = aliases;
    }

    /** The arguments coerced toward an object schema, as a new map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(Map<String, Object> schema, Map<String, Object> arguments) {
        return (Map<String, Object>) coerce("", schema, arguments);
    }

    @SuppressWarnings("unchecked")
    private Object coerce(String name, Map<String, Object> schema, Object value) {
        if (value == null) {
            return null;
        }
        Object result = schema.get("type") instanceof String type ? toType(type, value) : value;
        if (schema.get("enum") instanceof List<?> allowed) {
            result = enumValue(name, allowed, result);
        }
        if (result instanceof Map<?, ?> object) {
            return object(schema, (Map<String, Object>) object);
        }
        if (result instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(coerce(name, (Map<String, Object>) items, item)));
            return copy;
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Map<String, Object> schema, Map<String, Object> object) {
        Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        Map<String, Object> values = schema.get("additionalProperties") instanceof Map<?, ?> v
                ? (Map<String, Object>) v : null;
        List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
        Map<String, Object> copy = new LinkedHashMap<>(object.size() * 2);
        object.forEach((key, value) -> {
            String field = properties.containsKey(key) ? key : spelling(key, properties.keySet(), object.keySet());
            if (copy.containsKey(field)) {
                field = key;
            }
            if ("".equals(value) && !required.contains(field) && properties.get(field) instanceof Map<?, ?> property
                    && property.get("minLength") instanceof Number least && least.intValue() > 0) {
                return;
            }
            if (properties.get(field) instanceof Map<?, ?> property) {
                copy.put(field, coerce(field, (Map<String, Object>) property, value));
            } else if (values != null) {
                copy.put(key, coerce(key, values, value));
            } else {
                copy.put(key, value);
            }
        });
        return copy;
    }

    /** The property {@code key} means when it differs only in case, underscores or hyphens; else the key. */
    private static String spelling(String key, Collection<String> properties, Collection<String> given) {
        String wanted = bare(key);
        String match = null;
        for (String property : properties) {
            if (bare(property).equals(wanted)) {
                if (match != null) {
                    return key;
                }
                match = property;
            }
        }
        return match == null || given.contains(match) ? key : match;
    }

    private static String bare(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private Object toType(String type, Object value) {
        return switch (type) {
            case "integer" -> integer(value);
            case "number" -> value instanceof String text && NUMBER.matcher(text.strip()).matches()
                    && Double.isFinite(Double.parseDouble(text.strip())) ? number(new BigDecimal(text.strip())) : value;
            case "boolean" -> value instanceof String text && (text.strip().equalsIgnoreCase("true")
                    || text.strip().equalsIgnoreCase("false")) ? Boolean.valueOf(text.strip()) : value;
            case "string" -> value instanceof Number number && finite(number) ? plain(number)
                    : value instanceof Boolean bool ? bool.toString() : value;
            case "object" -> value instanceof String text && text.strip().startsWith("{") ? parsed(text, Map.class)
                    : value;
            case "array" -> array(value);
            default -> value;
        };
    }

    private static Object integer(Object value) {
        if (value instanceof String text && INTEGER.matcher(text.strip()).matches()) {
            return Long.parseLong(text.strip());
        }
        if ((value instanceof Double || value instanceof Float || value instanceof BigDecimal) && finite((Number) value)
                && number(new BigDecimal(value.toString())) instanceof Long whole) {
            return whole;
        }
        return value;
    }

    private Object array(Object value) {
        if (value instanceof List) {
            return value;
        }
        if (value instanceof String text && text.strip().startsWith("[")) {
            Object list = parsed(text, List.class);
            return list instanceof List ? list : value;
        }
        return List.of(value);
    }

    private Object parsed(String text, Class<?> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private Object enumValue(String name, List<?> allowed, Object value) {
        if (allowed.contains(value) || !(value instanceof String text)) {
            return value;
        }
        String given = text.strip();
        for (Object option : allowed) {
            if (option instanceof String known && known.equalsIgnoreCase(given)) {
                return known;
            }
        }
        for (Alias alias : aliases(name, allowed)) {
            if (alias.spelling().equalsIgnoreCase(given)) {
                return alias.value();
            }
        }
        return value;
    }

    /** The aliases accepted for a property of this name whose enum holds their values. */
    List<Alias> aliases(String name, List<?> allowed) {
        return aliases.getOrDefault(name, List.of()).stream().filter(alias -> allowed.contains(alias.value())).toList();
    }

    private static Object number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return stripped.longValueExact();
        }
        return value.doubleValue();
    }

    /** Whether a number has a decimal form: not infinite (a JSON number beyond the range of a double) or NaN. */
    private static boolean finite(Number number) {
        return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
    }

    private static String plain(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof BigInteger
                || number instanceof Short || number instanceof Byte) {
            return number.toString();
        }
        BigDecimal decimal = number instanceof BigDecimal big ? big : new BigDecimal(number.toString());
        return decimal.stripTrailingZeros().toPlainString();
    }
}
