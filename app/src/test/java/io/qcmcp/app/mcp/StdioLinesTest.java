package io.qcmcp.app.mcp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How {@link StdioServer} cuts its input into messages: by line break, with a limit on a line's bytes. */
class StdioLinesTest {

    private static StdioServer.Lines lines(String input, int limit) {
        return new StdioServer.Lines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), limit);
    }

    private static String text(StdioServer.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void linesEndAtLineBreaksWithOrWithoutCarriageReturnAndAtTheEndOfInput() throws IOException {
        StdioServer.Lines lines = lines("{\"a\":1}\n{\"b\":\"é\"}\r\n\n{\"c\":3}", 100);
        assertEquals("{\"a\":1}", text(lines.next()));
        assertEquals("{\"b\":\"é\"}", text(lines.next()));
        assertEquals("", text(lines.next()));
        assertEquals("{\"c\":3}", text(lines.next()));
        assertNull(lines.next());
    }

    @Test
    void aLineOverTheLimitIsNotKeptAndTheNextLineIsRead() throws IOException {
        StdioServer.Lines lines = lines("12345\r\n123456\n1234567\r\n12\n", 5);
        assertEquals("12345", text(lines.next()), "the limit counts the line without its \\r");
        StdioServer.Line tooLong = lines.next();
        assertNull(tooLong.bytes());
        assertEquals(6, tooLong.length());
        StdioServer.Line longer = lines.next();
        assertNull(longer.bytes());
        assertEquals(8, longer.length());
        assertEquals("12", text(lines.next()));
        assertNull(lines.next());
    }
}
