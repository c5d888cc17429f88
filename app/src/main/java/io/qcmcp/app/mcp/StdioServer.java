package io.qcmcp.app.mcp;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.qcmcp.app.auth.Caller;
import io.qcmcp.app.config.McpConfiguration;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * MCP over standard input and output ({@code java -jar quant-connect-mcp.jar --stdio}), for a client that starts the
 * server itself: one JSON-RPC message per line on standard input, one answer line per request on standard output,
 * and nothing else there (the log goes to standard error). Each line goes through the same {@link McpEndpoint} as a
 * POST to /mcp, sent by the local user who started the process ({@link Caller#STDIO}), so every check, coercion,
 * access rule, log and audit line is the HTTP server's. No HTTP server is started: no port is bound.
 *
 * <p>Requests are answered on the blocking executor, as over HTTP, so a slow tool call does not hold up a ping; at
 * most {@code mcp.max-concurrent-requests} at once (beyond, the next line is read when one is answered). A
 * notification, a response and an empty line get no line back; a line longer than {@code mcp.max-body-bytes}, the
 * HTTP body's limit, is not kept and gets the same "Payload too large" error (id null). At the end of input the
 * requests under way are answered, then {@link #serve} returns.
 */
public final class StdioServer {

    /** The command-line switch that chooses this transport. */
    public static final String SWITCH = "--stdio";
    private static final Map<String, String> NO_HEADERS = Map.of();

    private final McpEndpoint endpoint;
    private final HttpGate gate;
    private final int maxLineBytes;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final ExecutorService executor;
    private final OutputStream out;
    private boolean outClosed;

    /**
     * @param out where the answers go: the process's real standard output
     */
    public StdioServer(ApplicationContext context, OutputStream out) {
        McpConfiguration configuration = context.getBean(McpConfiguration.class);
        this.endpoint = context.getBean(McpEndpoint.class);
        this.gate = context.getBean(HttpGate.class);
        this.maxLineBytes = configuration.maxBodyBytes();
        this.maxInFlight = configuration.maxConcurrentRequests();
        this.inFlight = new Semaphore(maxInFlight);
        this.executor = context.getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING));
        this.out = out;
    }

    /** Answers every line of {@code in} until its end, and returns once every answer is written. */
    public void serve(InputStream in) throws IOException, InterruptedException {
        Lines lines = new Lines(in, maxLineBytes);
        for (Line line = lines.next(); line != null; line = lines.next()) {
            if (line.bytes() == null) {
                write(gate.tooLarge(line.length()).body());
                continue;
            }
            if (blank(line.bytes())) {
                continue;
            }
            inFlight.acquire();
            byte[] body = line.bytes();
            try {
                executor.execute(() -> {
                    try {
                        answer(body);
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.release();
                answer(body);
            }
        }
        inFlight.acquire(maxInFlight);
        inFlight.release(maxInFlight);
    }

    private void answer(byte[] body) {
        McpReply reply = endpoint.handle(new McpRequest("POST", NO_HEADERS, body, UUID.randomUUID().toString(), null),
                Caller.STDIO);
        if (reply.body() != null) {
            write(reply.body());
        }
    }

    /** One answer, on a line of its own (the JSON is written compact: it holds no line break). */
    private synchronized void write(String json) {
        if (outClosed) {
            return;
        }
        try {
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // The client closed our standard output: nothing more can reach it. Its end of our input follows.
            outClosed = true;
        }
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * One line of input, without its line break (and a {@code \r} before it).
     *
     * @param bytes the line, or null when it was longer than the limit (and not kept)
     * @param length the line's length in bytes
     */
    record Line(byte[] bytes, long length) {
    }

    /** Reads lines of at most {@code limit} bytes; a longer one is read to its end but not kept. */
    static final class Lines {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

        Lines(InputStream in, int limit) {
            this.in = new BufferedInputStream(in, 64 * 1024);
            this.limit = limit;
        }

        /** The next line, or null at the end of input (a last line without a line break counts). */
        Line next() throws IOException {
            line.reset();
            long length = 0;
            int b = in.read();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n') {
                if (length <= limit) {
                    line.write(b);
                }
                length++;
                b = in.read();
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                bytes = Arrays.copyOf(bytes, bytes.length - 1);
            }
            return length > limit + 1L || bytes.length > limit ? new Line(null, length) : new Line(bytes, length);
        }
    }
}
