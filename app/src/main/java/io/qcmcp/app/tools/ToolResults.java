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
import java.util.Set;
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
    private static final Set<String> CONTENT_KEYS = Set.of("content", "patch", "code");

    /** Characters of the beginning of a cut answer that are still returned. */
    static final int CUT_PREVIEW_CHARS = 20_000;
    private final ObjectMapper json;
    private final int maxResultChars;
    private final Map<String, Paging> paging;

    /** How a tool's answer is had in smaller pieces: its argument names, and where else to look (or null). */
    public record Paging(Set<String> arguments, String elsewhere) {
    }

    public ToolResults(ObjectMapper json, int maxResultChars) {
        this(json, maxResultChars, Map.of());
    }

    /**
     * @param maxResultChars longest answer, in characters of compact JSON, returned whole: a tool result
     *     carries it twice (structured and as text), and clients cap what they take from one tool (Claude Code
     *     about 25,000 tokens)
     * @param paging by tool, how to page a cut answer (the spec's x-mcp-paging beside the tool's arguments)
     */
    public ToolResults(ObjectMapper json, int maxResultChars, Map<String, Paging> paging) {
        this.json = json;
        this.maxResultChars = maxResultChars;
        this.paging = paging;
    }

    /**
     * The result of {@code tool} for what QuantConnect answered. An answer too large to read adds where to
     * find it in smaller pieces, as a cut answer does.
     */
    public CallToolResult from(String tool, QuantConnectResponse response) {
        if (response instanceof QuantConnectResponse.Success success) {
            return success(tool, normalized(success.body()));
        }
        if (response instanceof QuantConnectResponse.Rejected rejected) {
            return error("QuantConnect refused " + tool + ": " + String.join("; ", rejected.errors()));
        }
        if (response instanceof QuantConnectResponse.TooLarge tooLarge) {
            return error(tooLarge.message() + " To get it in smaller pieces: " + rest(tool) + ".");
        }
        return error(((QuantConnectResponse.Failed) response).message());
    }

    public CallToolResult success(Map<String, Object> body) {
        return success(null, body);
    }

    /** A successful answer of {@code tool}; one over the limit is cut, saying how to get the rest. */
    public CallToolResult success(String tool, Map<String, Object> body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return error("The answer could not be written as JSON.");
        }
        if (text.length() > maxResultChars) {
            return cut(tool, text);
        }
        return CallToolResult.builder()
                .content(List.of(new TextContent(null, text, null)))
                .structuredContent(body)
                .isError(false)
                .build();
    }

    /**
     * An answer too large to return: its size, how to get the rest, and its beginning, as much of it as keeps the
     * whole result within the limit (at most {@link #CUT_PREVIEW_CHARS}).
     */
    private CallToolResult cut(String tool, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("truncated", true);
        body.put("originalChars", text.length());
        body.put("note", cutNote(tool, text.length(), text.length()));
        body.put("partial", "");
        try {
            int room = maxResultChars - json.writeValueAsString(body).length();
            String partial = text.substring(0, Math.max(0, Math.min(CUT_PREVIEW_CHARS, Math.min(room, text.length()))));
            for (int over = json.writeValueAsString(partial).length() - 2 - room; over > 0 && !partial.isEmpty();
                 over = json.writeValueAsString(partial).length() - 2 - room) {
                partial = partial.substring(0, Math.max(0, partial.length() - over));
            }
            body.put("note", cutNote(tool, text.length(), partial.length()));
            body.put("partial", partial);
            return CallToolResult.builder()
                    .content(List.of(new TextContent(null, json.writeValueAsString(body), null)))
                    .structuredContent(body)
                    .isError(false)
                    .build();
        } catch (JsonProcessingException e) {
            return error("The answer could not be written as JSON.");
        }
    }

    private String cutNote(String tool, int chars, int shown) {
        return "The answer has " + chars + " characters, over this server's limit of " + maxResultChars
                + " (mcp.max-result-chars), so partial holds only its first " + shown + ". To get the rest: "
                + rest(tool) + ".";
    }

    /** How to ask for a cut answer in smaller pieces: the tool's paging arguments, or narrower tools. */
    String rest(String tool) {
        Paging known = tool == null ? null : paging.get(tool);
        Set<String> names = known == null ? Set.of() : known.arguments();
        List<String> ways = new ArrayList<>();
        if (names.contains("start") && names.contains("end")) {
            ways.add("call " + tool + " again with a smaller range of start and end, then the next range");
        }
        if (names.contains("startLine") && names.contains("endLine")) {
            ways.add("call " + tool + " again for fewer lines (startLine to endLine), then the next ones");
        }
        if (names.contains("count")) {
            ways.add("ask for fewer points with a smaller count");
        }
        if (known != null && known.elsewhere() != null) {
            ways.add(known.elsewhere());
        }
        return ways.isEmpty() ? "ask for less at a time" : String.join("; or ", ways);
    }

    public static CallToolResult error(String message) {
        return CallToolResult.builder()
                .content(List.of(new TextContent(null, message, null)))
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
