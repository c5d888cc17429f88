package io.qcmcp.app.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.qcmcp.client.QuantConnectResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what QuantConnect answered into an MCP tool result: a success as {@code structuredContent} plus the
 * same JSON as text, with QuantConnect's zone-less date-times rewritten to RFC 3339 UTC; anything else as an
 * {@code isError} result whose text says what went wrong.
 */
public final class ToolResults {

    private static final Pattern ZONELESS_DATE_TIME =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)");
    /** Keys whose values are user content, never rewritten. */
    private static final java.util.Set<String> CONTENT_KEYS = java.util.Set.of("content", "patch", "code");

    /** Characters of the beginning of a cut answer that are still returned. */
    static final int CUT_PREVIEW_CHARS = 20_000;

    private final ObjectMapper json;
    private final int maxResultChars;

    /**
     * @param maxResultChars longest answer, in characters of compact JSON, returned whole: a tool result
     *     carries it twice (structured and as text), and AWS Lambda answers at most 6 MB
     */
    public ToolResults(ObjectMapper json, int maxResultChars) {
        this.json = json;
        this.maxResultChars = maxResultChars;
    }

    public CallToolResult from(String tool, QuantConnectResponse response) {
        if (response instanceof QuantConnectResponse.Success success) {
            return success(normalized(success.body()));
        }
        if (response instanceof QuantConnectResponse.Rejected rejected) {
            return error("QuantConnect refused " + tool + ": " + String.join("; ", rejected.errors()));
        }
        return error(((QuantConnectResponse.Failed) response).message());
    }

    public CallToolResult success(Map<String, Object> body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return error("The answer could not be written as JSON.");
        }
        if (text.length() > maxResultChars) {
            return cut(text);
        }
        return CallToolResult.builder()
                .content(List.of(new TextContent(text)))
                .structuredContent(body)
                .isError(false)
                .build();
    }

    /** An answer too large to return: its size, how to get it in pages, and its beginning. */
    private CallToolResult cut(String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("truncated", true);
        body.put("originalChars", text.length());
        body.put("note", "The answer has " + text.length() + " characters, over this server's limit of "
                + maxResultChars + ", so it was cut. Ask for less: page the request (start/end, a smaller count or "
                + "range) or use a narrower tool (read_backtest_reduced instead of read_backtest).");
        body.put("partial", text.substring(0, CUT_PREVIEW_CHARS));
        try {
            return CallToolResult.builder()
                    .content(List.of(new TextContent(json.writeValueAsString(body))))
                    .structuredContent(body)
                    .isError(false)
                    .build();
        } catch (JsonProcessingException e) {
            return error(String.valueOf(body.get("note")));
        }
    }

    public static CallToolResult error(String message) {
        return CallToolResult.builder()
                .content(List.of(new TextContent(message)))
                .isError(true)
                .build();
    }

    /** A copy of the answer with every zone-less date-time as RFC 3339 UTC. */
    static Map<String, Object> normalized(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>(body.size() * 2);
        body.forEach((key, value) -> copy.put(key, CONTENT_KEYS.contains(key) ? value : normalizedValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object normalizedValue(Object value) {
        if (value instanceof String text) {
            return dateTime(text);
        }
        if (value instanceof Map<?, ?> map) {
            return normalized((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(normalizedValue(item));
            }
            return copy;
        }
        return value;
    }

    static String dateTime(String text) {
        if (text.length() < 19 || text.length() > 29 || text.charAt(4) != '-') {
            return text;
        }
        Matcher m = ZONELESS_DATE_TIME.matcher(text);
        return m.matches() ? m.group(1) + "T" + m.group(2) + "Z" : text;
    }
}
