package io.qcmcp.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a plain {@link ServerSocket}, for what a mock server cannot script: a kept-alive
 * connection the server closes when the next request arrives, a silent server, an answer cut in half. Each
 * request that arrives takes the next {@link Reply} of the script (the last one repeats); connections are kept
 * alive between answers, as QuantConnect's are.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one request that arrived on {@code socket}. */
    @FunctionalInterface
    interface Reply {
        /** @return false when the connection is finished with */
        boolean handle(Socket socket, InputStream in, OutputStream out) throws IOException;
    }

    /** One request as it arrived: on which connection, and whether it was the first on it. */
    record Arrival(int connection, boolean reusedConnection) {
    }

    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Reply last = answer("{\"success\":true}");

    ScriptedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL to configure as the API URL. */
    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api/v2");
    }

    /** Replies for the next requests, in order; the last one then answers every later request. */
    ScriptedServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    int connections() {
        return connections.get();
    }

    /** Answers 200 with this JSON and keeps the connection. */
    static Reply answer(String json) {
        return answer(200, json);
    }

    static Reply answer(int status, String json) {
        return (socket, in, out) -> {
            readRequest(in);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return true;
        };
    }

    /** A JSON success of exactly {@code bytes} bytes. */
    static String jsonOfSize(int bytes) {
        String start = "{\"success\":true,\"x\":\"";
        return start + "x".repeat(bytes - start.length() - 2) + "\"}";
    }

    /** Answers 200 with a JSON success of {@code bytes} bytes, chunked (no Content-Length), as it streams. */
    static Reply chunked(int bytes) {
        return (socket, in, out) -> {
            readRequest(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] body = jsonOfSize(bytes).getBytes(StandardCharsets.US_ASCII);
            for (int at = 0; at < body.length; at += 8192) {
                int length = Math.min(8192, body.length - at);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        };
    }

    /**
     * Closes the connection as soon as a request starts to arrive, without reading it: what a server that
     * closed an idle kept-alive connection does with the request that raced its close. {@code reset}: with a
     * TCP reset instead of an orderly close.
     */
    static Reply closeOnArrival(boolean reset) {
        return (socket, in, out) -> {
            in.read();
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
            return false;
        };
    }

    /** Reads the request and never answers. */
    static Reply silent() {
        return (socket, in, out) -> {
            readRequest(in);
            while (in.read() != -1) {
                // until the client gives up and closes
            }
            return false;
        };
    }

    /** Reads the request, sends the headers and half of the announced body, then closes. */
    static Reply halfAnswer() {
        return (socket, in, out) -> {
            readRequest(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
                    + "{\"success\":true,\"name\":\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.close();
            return false;
        };
    }

    private void accept() {
        try {
            while (true) {
                Socket connection = socket.accept();
                open.add(connection);
                int number = connections.incrementAndGet();
                Thread serving = new Thread(() -> serve(connection, number), "scripted-connection-" + number);
                serving.setDaemon(true);
                serving.start();
            }
        } catch (IOException closed) {
            // the server was closed
        }
    }

    private void serve(Socket connection, int number) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            boolean reused = false;
            while (true) {
                in.mark(1);
                if (in.read() == -1) {
                    return;
                }
                in.reset();
                arrivals.add(new Arrival(number, reused));
                reused = true;
                Reply reply = script.poll();
                if (reply == null) {
                    reply = last;
                } else {
                    last = reply;
                }
                if (!reply.handle(connection, in, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads one request's head and its Content-Length body. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes(length);
        return text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
    }
}
