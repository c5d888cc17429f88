package io.qcmcp.app.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The server as {@code mn:run} starts it: Netty on a free local port, reached over real HTTP. */
public final class LocalServer implements McpHttp {

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public LocalServer(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, all, "test");
    }

    public URI uri() {
        return server.getURI();
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public Reply send(String method, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve("/mcp"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> responseHeaders = new HashMap<>();
            response.headers().map().forEach((name, values) ->
                    responseHeaders.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            return new Reply(response.statusCode(), responseHeaders, response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
