package io.qcmcp.app.mcp;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Streamable HTTP at /mcp, stateless: POST carries JSON-RPC; there is no SSE stream to GET. The same
 * controller serves the local server and the Lambda handler.
 */
@Controller(McpController.PATH)
final class McpController {

    static final String PATH = "/mcp";
    private static final String NO_STREAM = "{\"error\":\"Method not allowed: this server offers no SSE stream. "
            + "POST JSON-RPC messages to /mcp instead.\"}";

    private final McpEndpoint endpoint;

    McpController(McpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> post(@Nullable @Body String body) {
        McpReply reply = endpoint.handle(body == null ? "" : body);
        MutableHttpResponse<String> response = HttpResponse.status(HttpStatus.valueOf(reply.status()));
        if (reply.body() != null) {
            response.body(reply.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return response;
    }

    /** Answers whatever the client accepts: SSE clients ask for text/event-stream and must still learn why. */
    @Get(produces = MediaType.ALL)
    HttpResponse<String> get() {
        return HttpResponse.<String>status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "POST")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(NO_STREAM);
    }
}
