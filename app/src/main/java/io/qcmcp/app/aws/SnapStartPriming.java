package io.qcmcp.app.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.crac.OrderedResource;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.qcmcp.app.observability.RequestObserver;
import io.qcmcp.client.QuantConnectClient;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * SnapStart hooks. Before Lambda snapshots the initialised function: a few MCP requests through the API
 * Gateway handler (initialize, tools/list, a server tool, a tool call refused by validation) and one call of
 * the QuantConnect client against a stand-in on loopback, so that the first request after a restore finds
 * classes loaded and the paths warmed. None of it reads the real credentials or reaches QuantConnect, and none
 * of it is logged or counted as a request. After the restore: the client's connections, cached credentials,
 * the Secrets Manager client and the priming invocation are dropped, so nothing time- or credential-dependent
 * from before the snapshot is used (request signatures and timestamps are made per request anyway).
 */
@Singleton
final class SnapStartPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    private static final List<String> REQUESTS = List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"snapstart-priming\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"read_mcp_server_version\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"read_project\","
                    + "\"arguments\":{\"projectId\":\"not a number\"}}}");
    private static final byte[] ACCOUNT = "{\"organizationId\":\"priming\",\"creditBalance\":0,\"success\":true}"
            .getBytes(StandardCharsets.UTF_8);

    private final ApplicationContext context;
    private final BeanProvider<QuantConnectClient> client;
    private final BeanProvider<SecretsManagerCredentials> secrets;
    private final BeanProvider<LambdaInvocation> invocation;
    private final BeanProvider<RequestObserver> observer;
    private volatile int primedRequests;

    SnapStartPriming(ApplicationContext context, BeanProvider<QuantConnectClient> client,
                     BeanProvider<SecretsManagerCredentials> secrets, BeanProvider<LambdaInvocation> invocation,
                     BeanProvider<RequestObserver> observer) {
        this.context = context;
        this.client = client;
        this.secrets = secrets;
        this.invocation = invocation;
        this.observer = observer;
    }

    /** Priming is an optimisation: whatever fails in it is logged, and the snapshot is taken all the same. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> crac) {
        long start = System.nanoTime();
        observer.get().mute(true);
        try {
            ApiGatewayProxyRequestEventFunction handler = new ApiGatewayProxyRequestEventFunction(context);
            int answered = 0;
            for (String body : REQUESTS) {
                APIGatewayProxyResponseEvent response = handler.handleRequest(event(body), new MockLambdaContext());
                if (response.getStatusCode() == 200) {
                    answered++;
                }
            }
            primedRequests = answered;
            primeClient();
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warn("SnapStart priming incomplete ({}); the snapshot is taken without it", e.getClass().getSimpleName());
        } finally {
            observer.get().mute(false);
        }
        LOG.info("SnapStart priming done: {} of {} requests answered in {} ms", primedRequests, REQUESTS.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> crac) {
        client.get().closeConnections();
        secrets.get().forget();
        invocation.get().clear();
    }

    /** How many priming requests the handler answered with 200 (for tests and the log). */
    int primedRequests() {
        return primedRequests;
    }

    private void primeClient() throws IOException {
        HttpServer standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ACCOUNT.length);
            exchange.getResponseBody().write(ACCOUNT);
            exchange.close();
        });
        standIn.start();
        try {
            client.get().prime(URI.create("http://127.0.0.1:" + standIn.getAddress().getPort() + "/api/v2"));
        } finally {
            standIn.stop(0);
        }
    }

    private static APIGatewayProxyRequestEvent event(String body) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/mcp").withResource("/mcp")
                .withHeaders(Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream"))
                .withBody(body)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("snapstart-priming").withStage("prod").withResourcePath("/mcp").withHttpMethod("POST")
                        // As API Gateway fills it in for /mcp, where it checked a key: with OAuth on, a request
                        // without one would be refused (401) and prime less. In process, never from a client.
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withApiKey("snapstart-priming")));
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
