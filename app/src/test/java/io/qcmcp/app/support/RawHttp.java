package io.qcmcp.app.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, for what an HTTP client will not send: headers with NUL or CR,
 * a body announced and then withheld, a connection left to stall.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    public RawHttp(URI server) {
        try {
            socket = new Socket(server.getHost(), server.getPort());
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends these bytes as they are (ISO-8859-1, so any byte can be written). */
    public RawHttp send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a POST to /mcp with these extra header lines (each "Name: value"), announcing a body. */
    public static String post(long contentLength, String... headerLines) {
        StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + contentLength + "\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /**
     * The next response, read within {@code within}.
     *
     * @throws SocketTimeoutException when none came in time
     */
    public McpHttp.Reply read(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("The server closed the connection without answering");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new McpHttp.Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Whether the server closes the connection within {@code within}, reading and dropping whatever it sends
     * first (false when the connection is still open then).
     */
    public boolean closedWithin(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            while (in.read() >= 0) {
                // what the server says before closing is not the question here
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
