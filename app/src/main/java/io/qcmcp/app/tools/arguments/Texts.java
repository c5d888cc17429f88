package io.qcmcp.app.tools.arguments;

/** Client-supplied text, cut to a bounded length before it goes into a reply or a log line, and described. */
public final class Texts {

    private Texts() {
    }

    /** At most {@code max} characters of {@code text}, then "..." and its length when it was longer. */
    public static String abbreviated(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...(" + text.length() + " characters)";
    }

    /** The JSON kind of a value as Jackson reads it into plain Java: "an object", "a string", ... */
    public static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.Map) {
            return "an object";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof Number ? "a number" : "a value of another kind";
    }
}
