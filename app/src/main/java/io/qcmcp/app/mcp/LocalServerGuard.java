package io.qcmcp.app.mcp;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.qcmcp.app.config.McpConfiguration;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.qcmcp.app.observability.RequestObserver;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Puts a {@link ConnectionGuard} on every HTTP/1.1 connection of the local (Netty) server, between Netty's HTTP
 * decoder and Micronaut, so that what Micronaut would answer in its own words or not at all is answered as
 * JSON-RPC with one request log line: headers the decoder refused, a request without the key or from a foreign
 * origin (refused as soon as its headers are in, before its body is read), a body or headers that stop
 * arriving for {@code micronaut.server.read-idle-timeout} ({@code MCP_READ_TIMEOUT}), and a request beyond
 * {@code mcp.max-concurrent-requests} ({@code MCP_MAX_CONCURRENT_REQUESTS}).
 *
 * <p>Local server only: on Lambda API Gateway reads the whole request before the function sees it, and the
 * Lambda context (environment {@code function}) does not load this bean; the Lambda jar holds no Netty server.
 */
@Singleton
@Requires(notEnv = Environment.FUNCTION)
@Requires(classes = NettyServerCustomizer.class)
final class LocalServerGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final HttpGate gate;
    private final RequestObserver observer;
    private final Semaphore places;
    private final int maxConcurrentRequests;
    private final Duration readTimeout;
    private final int maxHeaderBytes;
    private final long maxDiscardedBytes;
    private final String resource;

    LocalServerGuard(HttpGate gate, RequestObserver observer,
                     McpConfiguration configuration,
                     @Value("${micronaut.server.read-idle-timeout:10s}") Duration readTimeout,
                     @Value("${micronaut.server.netty.max-header-size:8192}") int maxHeaderBytes,
                     @Value("${micronaut.server.max-request-size:10485760}") long maxRequestBytes) {
        int maxConcurrentRequests = configuration.maxConcurrentRequests();
        if (maxConcurrentRequests < 1) {
            throw new IllegalStateException("mcp.max-concurrent-requests (MCP_MAX_CONCURRENT_REQUESTS) must be at "
                    + "least 1; it is " + maxConcurrentRequests);
        }
        if (readTimeout.toSeconds() < 1) {
            throw new IllegalStateException("micronaut.server.read-idle-timeout (MCP_READ_TIMEOUT) must be at least 1s "
                    + "(whole seconds); it is " + readTimeout);
        }
        this.gate = gate;
        this.observer = observer;
        this.places = new Semaphore(maxConcurrentRequests);
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.readTimeout = readTimeout;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxDiscardedBytes = maxRequestBytes;
        this.resource = configuration.resourceUrl();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    HttpGate gate() {
        return gate;
    }

    RequestObserver observer() {
        return observer;
    }

    /** This endpoint's URL as clients use it (MCP_RESOURCE_URL), the audience of tokens; null when unset. */
    String resource() {
        return resource;
    }

    /** Takes a place for a connection's requests; false when all {@link #maxConcurrentRequests()} are taken. */
    boolean takePlace() {
        return places.tryAcquire();
    }

    void givePlace() {
        places.release();
    }

    int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** How much of a refused request's body is read and dropped before the connection is simply closed. */
    long maxDiscardedBytes() {
        return maxDiscardedBytes;
    }

    /** Adds the guard when an HTTP/1.1 connection's pipeline is built (HTTP/2 is not enabled here). */
    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null) {
                channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, "mcp-connection-guard",
                        new ConnectionGuard(LocalServerGuard.this));
            }
        }
    }
}
