package io.qcmcp.app.mcp;

import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.qcmcp.app.tools.arguments.Texts;

/**
 * One HTTP/1.1 connection of the local server, seen between Netty's HTTP decoder and Micronaut (see
 * {@link LocalServerGuard}). It answers itself, as JSON-RPC with one request log line and then closes the
 * connection, when a request may go no further than its headers:
 * <ul>
 *   <li>the decoder refused the headers: 431 when they are too large, 414 for a too long request line, 400
 *       otherwise (a NUL or CR in a header, a malformed line);</li>
 *   <li>a foreign Origin (403) or a missing or wrong API key (401), decided by {@link HttpGate#checkHeaders} as
 *       soon as the headers are in, so that the body of such a request is never held;</li>
 *   <li>all places for requests are taken (503 with {@code Retry-After}): a connection holds one place from a
 *       request's headers until its answer is written, so at most that many bodies are held at once;</li>
 *   <li>the client stops sending for the read timeout: 408 while a body is arriving, a plain close between
 *       requests or in the middle of headers. A request being worked on is never cut: tool calls may wait 25 s
 *       on QuantConnect while the client sends nothing.</li>
 * </ul>
 * What follows a refused request (its body) is read and dropped until it ends, the read timeout passes, or it
 * exceeds the request size limit, and the connection is closed then, so that the client reads the answer instead
 * of a reset. A request pipelined behind one still being answered goes on unchecked here (it shares its
 * connection's place; the endpoint still checks its key and Origin once its body is in): HTTP clients do not
 * pipeline. All of it runs on the connection's event loop: no state is shared but the places.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

    private static final String WELL_KNOWN = "/.well-known/";

    private static final int MAX_LOGGED_METHOD = 64;
    /** What the request log names as the method of a request whose request line could not be read. */
    static final String UNREADABLE = "unreadable";

    private final LocalServerGuard server;
    /** Requests handed to Micronaut whose answers are not yet written in full. */
    private int pending;
    /** The HTTP method of the last request handed on, for the log line of a 408. */
    private String method = "POST";
    /** The last request handed on has more body to come. */
    private boolean receiving;
    /** An answer to the last request handed on has begun. */
    private boolean answering;
    /** This connection holds one of the server's places. */
    private boolean holdsPlace;
    /** This guard has answered and drops everything until the connection is closed. */
    private boolean refused;
    private boolean refusedBodyDone;
    private boolean refusalWritten;
    private long dropped;

    ConnectionGuard(LocalServerGuard server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            drop(ctx, msg);
            return;
        }
        if (msg instanceof HttpRequest request && pending == 0) {
            Optional<Refusal> refusal = refusal(request);
            if (refusal.isPresent()) {
                refuse(ctx, loggedMethod(request), refusal.get());
                drop(ctx, msg);
                return;
            }
        }
        if (msg instanceof HttpRequest request) {
            method = request.method().name();
            pending++;
            answering = false;
            receiving = !(msg instanceof LastHttpContent);
        } else if (msg instanceof LastHttpContent) {
            receiving = false;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The HTTP method for the request log; {@value #UNREADABLE} when the decoder could not read the request line
     * (it then makes up a full GET request to carry the failure).
     */
    private static String loggedMethod(HttpRequest request) {
        return request.decoderResult().isFailure() && request instanceof FullHttpRequest ? UNREADABLE
                : request.method().name();
    }

    /** Why a request that has just arrived on an idle connection ends here, if it does; takes a place if not. */
    private Optional<Refusal> refusal(HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            return Optional.of(unreadable(decoded.cause()));
        }
        // The OAuth documents are public: a client reads them to learn how to get credentials.
        HttpGate.Admission admission = request.uri().startsWith(WELL_KNOWN) ? null
                : server.gate().checkHeaders(request.method().name(), name -> {
                    List<String> values = request.headers().getAll(name);
                    return values.isEmpty() ? null : String.join(", ", values);
                }, server.resource(), null);
        if (admission instanceof HttpGate.Admission.Answered answered) {
            return Optional.of(new Refusal(answered.reply().withHeaders(corsHeaders(request)), false));
        }
        if (!holdsPlace) {
            if (!server.takePlace()) {
                return Optional.of(new Refusal(McpReply.error(503, ErrorCodes.INVALID_REQUEST, "Service unavailable: "
                        + "this server is already handling " + server.maxConcurrentRequests() + " requests at once "
                        + "(MCP_MAX_CONCURRENT_REQUESTS); try again in a moment.")
                        .withHeaders(Map.of("Retry-After", "1")).withHeaders(corsHeaders(request)), false));
            }
            holdsPlace = true;
        }
        return Optional.empty();
    }

    private Refusal unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(McpReply.error(431, ErrorCodes.INVALID_REQUEST, "Request header fields too large: "
                    + "the headers exceed " + server.maxHeaderBytes() + " bytes."), true);
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(McpReply.error(414, ErrorCodes.INVALID_REQUEST,
                    "URI too long: the request line exceeds this server's limit."), true);
        }
        return new Refusal(McpReply.error(400, ErrorCodes.INVALID_REQUEST, "Bad request: the HTTP request could not "
                + "be read (a header with a forbidden character such as NUL or CR, or a malformed line)."), true);
    }

    private Map<String, String> corsHeaders(HttpRequest request) {
        return server.gate().corsHeaders(request.headers().get(HttpHeaderNames.ORIGIN));
    }

    /**
     * An answer given here instead of by Micronaut.
     *
     * @param unreadable the decoder refused the request: it reads nothing more, so close as soon as answered
     */
    private record Refusal(McpReply reply, boolean unreadable) {
    }

    private void refuse(ChannelHandlerContext ctx, String method, Refusal refusal) {
        refused = true;
        refusedBodyDone = refusal.unreadable();
        answer(ctx, method, refusal.reply());
    }

    /** Writes {@code reply} with {@code Connection: close}, and logs the request; the connection closes after. */
    private void answer(ChannelHandlerContext ctx, String method, McpReply reply) {
        server.observer().completed(UUID.randomUUID().toString(), null, null, null,
                Texts.abbreviated(method, MAX_LOGGED_METHOD), null, null, reply.status(), 0, false);
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
        reply.headers().forEach(response.headers()::set);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            refusalWritten = true;
            closeWhenDone(ctx);
        });
    }

    /** Drops what follows a refused request; closes once its body has ended, or is too long. */
    private void drop(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent content) {
            dropped += content.content().readableBytes();
        }
        if (msg instanceof LastHttpContent) {
            refusedBodyDone = true;
        }
        ReferenceCountUtil.release(msg);
        if (dropped > server.maxDiscardedBytes()) {
            ctx.close();
        } else {
            closeWhenDone(ctx);
        }
    }

    private void closeWhenDone(ChannelHandlerContext ctx) {
        if (refusalWritten && refusedBodyDone) {
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response && response.status().code() < 200;
        if (msg instanceof HttpResponse && !informational) {
            answering = true;
        }
        if (msg instanceof LastHttpContent && !informational && pending > 0 && --pending == 0) {
            givePlace();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (refused) {
                ctx.close();
            } else if (receiving && pending == 1 && !answering) {
                refuse(ctx, method, new Refusal(McpReply.error(408, ErrorCodes.INVALID_REQUEST, "Request timeout: no "
                        + "part of the body arrived for " + server.readTimeout().toSeconds() + " s (MCP_READ_TIMEOUT)."),
                        false));
                refusedBodyDone = true;
                closeWhenDone(ctx);
            } else if (receiving || pending == 0) {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        givePlace();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        givePlace();
    }

    private void givePlace() {
        if (holdsPlace) {
            holdsPlace = false;
            server.givePlace();
        }
    }
}
