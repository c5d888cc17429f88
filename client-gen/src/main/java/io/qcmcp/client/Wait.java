package io.qcmcp.client;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * When the job an answer describes has settled, as an operation's {@code x-mcp-wait} in openapi/quantconnect.yaml
 * says (the syntax is documented at the top of the spec): conditions on values of the answer, each found by a
 * JSON pointer, combined with {@code anyOf}, {@code allOf} and {@code not}. Until the answer meets it, asking
 * again later can give a different answer. Generated code builds these with the factory methods below; nothing
 * parses the spec at run time.
 */
public sealed interface Wait {

    /** Whether {@code answer} (a QuantConnect answer's JSON object) shows the job settled. */
    boolean settled(Map<String, Object> answer);

    static Wait anyOf(Wait... conditions) {
        return new AnyOf(List.of(conditions));
    }

    static Wait allOf(Wait... conditions) {
        return new AllOf(List.of(conditions));
    }

    static Wait not(Wait condition) {
        return new Not(condition);
    }

    /** The value at {@code pointer}, written as text, is one of {@code values}. */
    static Wait equals(String pointer, String... values) {
        return new Test(pointer, Check.EQUALS, List.of(values));
    }

    /** {@code pointer} leads to a value, even null. */
    static Wait present(String pointer) {
        return new Test(pointer, Check.PRESENT, List.of());
    }

    /** {@code pointer} leads to a value that is not null. */
    static Wait notNull(String pointer) {
        return new Test(pointer, Check.NOT_NULL, List.of());
    }

    /** {@code pointer} leads to a value that is not null, nor an empty string, array or object. */
    static Wait notEmpty(String pointer) {
        return new Test(pointer, Check.NOT_EMPTY, List.of());
    }

    /** The value at {@code pointer} has the JSON type {@code type}: object, array, string, number or boolean. */
    static Wait type(String pointer, String type) {
        if (!List.of("object", "array", "string", "number", "boolean").contains(type)) {
            throw new IllegalArgumentException("x-mcp-wait type must be object, array, string, number or boolean: "
                    + type);
        }
        return new Test(pointer, Check.TYPE, List.of(type));
    }

    record AnyOf(List<Wait> conditions) implements Wait {
        @Override
        public boolean settled(Map<String, Object> answer) {
            return conditions.stream().anyMatch(condition -> condition.settled(answer));
        }
    }

    record AllOf(List<Wait> conditions) implements Wait {
        @Override
        public boolean settled(Map<String, Object> answer) {
            return conditions.stream().allMatch(condition -> condition.settled(answer));
        }
    }

    record Not(Wait condition) implements Wait {
        @Override
        public boolean settled(Map<String, Object> answer) {
            return !condition.settled(answer);
        }
    }

    /** What a {@link Test} asks of the value its pointer leads to. */
    enum Check { EQUALS, PRESENT, NOT_NULL, NOT_EMPTY, TYPE }

    /**
     * One condition on the value at {@code pointer}.
     *
     * @param values the texts compared with ({@link Check#EQUALS}), or the one type ({@link Check#TYPE})
     */
    record Test(String pointer, Check check, List<String> values) implements Wait {

        /** What a pointer that leads nowhere finds: unlike a JSON null, not even present. */
        private static final Object MISSING = new Object();

        public Test {
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("x-mcp-wait pointer must start with '/': " + pointer);
            }
            values = List.copyOf(values);
        }

        @Override
        public boolean settled(Map<String, Object> answer) {
            Object value = JsonPointer.at(answer, pointer, MISSING);
            return switch (check) {
                case PRESENT -> value != MISSING;
                case NOT_NULL -> value != MISSING && value != null;
                case NOT_EMPTY -> value != MISSING && value != null && !(value instanceof String text && text.isEmpty())
                        && !(value instanceof Collection<?> list && list.isEmpty())
                        && !(value instanceof Map<?, ?> map && map.isEmpty());
                case EQUALS -> value != MISSING && value != null && values.contains(String.valueOf(value));
                case TYPE -> value != MISSING && values.get(0).equals(typeOf(value));
            };
        }

        private static String typeOf(Object value) {
            return value instanceof Map ? "object" : value instanceof Collection ? "array"
                    : value instanceof String ? "string" : value instanceof Number ? "number"
                    : value instanceof Boolean ? "boolean" : "null";
        }
    }
}
