package io.qcmcp.client;

import java.util.Map;

/** Finds values in QuantConnect's answers (JSON objects read as maps) by RFC 6901 JSON pointers from the spec. */
public final class JsonPointer {

    private JsonPointer() {
    }

    /** The value {@code pointer} leads to in {@code answer}; {@code missing} when it leads nowhere. */
    public static Object at(Map<String, Object> answer, String pointer, Object missing) {
        Object value = answer;
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return missing;
            }
            value = map.get(key);
        }
        return value;
    }
}
