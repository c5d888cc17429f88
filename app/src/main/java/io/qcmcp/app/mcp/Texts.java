package io.qcmcp.app.mcp;

/** Client-supplied text, cut to a bounded length before it goes into a reply or a log line. */
final class Texts {

    private Texts() {
    }

    /** At most {@code max} characters of {@code text}, then "..." and its length when it was longer. */
    static String abbreviated(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...(" + text.length() + " characters)";
    }
}
