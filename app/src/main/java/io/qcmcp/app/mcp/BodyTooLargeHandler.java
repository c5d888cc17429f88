package io.qcmcp.app.mcp;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.qcmcp.app.observability.RequestObserver;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * A body over {@code micronaut.server.max-request-size} never reaches {@link McpEndpoint}: the web server
 * refuses it while reading. This answers that refusal as the endpoint answers any body over
 * {@code mcp.max-body-bytes}: 413 with a JSON-RPC error, CORS headers for an allowed origin, one log line.
 * Only the local server gets here; on Lambda, API Gateway's own limits come first and the endpoint sees the rest.
 */
@Singleton
@Replaces(ContentLengthExceededHandler.class)
final class BodyTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

    private final HttpGate gate;
    private final RequestObserver observer;

    BodyTooLargeHandler(HttpGate gate, RequestObserver observer) {
        this.gate = gate;
        this.observer = observer;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
        McpReply reply = gate.tooLarge(request.getContentLength())
                .withHeaders(gate.corsHeaders(request.getHeaders().get("Origin")));
        observer.completed(UUID.randomUUID().toString(), null, null, null, request.getMethodName(), null, null,
                HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode(), 0, false);
        MutableHttpResponse<String> response = HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        reply.headers().forEach(response::header);
        return response.body(reply.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
