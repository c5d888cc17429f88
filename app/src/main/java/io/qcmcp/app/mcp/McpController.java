package io.qcmcp.app.mcp;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.qcmcp.app.auth.ResourceUrls;
import io.qcmcp.app.aws.LambdaInvocation;
import io.qcmcp.app.config.McpConfiguration;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Streamable HTTP at /mcp, stateless, and the same endpoint at /oauth/mcp (on AWS the path OAuth callers use: API
 * Gateway asks no key there, the endpoint checks their token). Every method comes here, so that the endpoint
 * answers all of them the same way on the local server and on the Lambda handler; only POST carries JSON-RPC.
 */
@Controller
final class McpController {

    static final String PATH = ResourceUrls.PATH;
    static final String OAUTH_PATH = ResourceUrls.OAUTH_PATH;
    private static final byte[] EMPTY = new byte[0];

    private final McpEndpoint endpoint;
    private final LambdaInvocation invocation;
    /** MCP_RESOURCE_URL, or null to take the resource from API Gateway's request context. */
    private final String resourceUrl;

    McpController(McpEndpoint endpoint, LambdaInvocation invocation, McpConfiguration configuration) {
        this.endpoint = endpoint;
        this.invocation = invocation;
        this.resourceUrl = configuration.resourceUrl();
    }

    // The build warns "@Nullable on primitive types" here: Micronaut's route check counts byte[] as primitive.
    // An array can be null, and null is what an empty body binds to (answer() reads it as empty and the endpoint
    // replies with its own JSON-RPC parse error); without @Nullable Micronaut would refuse the request with its own
    // "Required Body" error first. The warning comes from an annotation processor, so @SuppressWarnings cannot
    // silence it.
    @Post(uris = {PATH, OAUTH_PATH}, consumes = MediaType.ALL, produces = MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return answer(request, body);
    }

    @Get(uris = {PATH, OAUTH_PATH}, produces = MediaType.ALL)
    HttpResponse<String> get(HttpRequest<?> request) {
        return answer(request, EMPTY);
    }

    @Options(uris = {PATH, OAUTH_PATH})
    HttpResponse<String> options(HttpRequest<?> request) {
        return answer(request, EMPTY);
    }

    @Put(uris = {PATH, OAUTH_PATH}, consumes = MediaType.ALL, produces = MediaType.ALL)
    HttpResponse<String> put(HttpRequest<?> request) {
        return answer(request, EMPTY);
    }

    @Delete(uris = {PATH, OAUTH_PATH}, consumes = MediaType.ALL, produces = MediaType.ALL)
    HttpResponse<String> delete(HttpRequest<?> request) {
        return answer(request, EMPTY);
    }

    @Patch(uris = {PATH, OAUTH_PATH}, consumes = MediaType.ALL, produces = MediaType.ALL)
    HttpResponse<String> patch(HttpRequest<?> request) {
        return answer(request, EMPTY);
    }

    @Head(uris = {PATH, OAUTH_PATH})
    HttpResponse<String> head(HttpRequest<?> request) {
        return answer(request, EMPTY);
    }

    private HttpResponse<String> answer(HttpRequest<?> request, @Nullable byte[] body) {
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        APIGatewayProxyRequestEvent event = gatewayEvent(request);
        McpReply reply = endpoint.handle(new McpRequest(request.getMethod() == HttpMethod.CUSTOM
                ? request.getMethodName() : request.getMethod().name(), headers,
                body == null ? EMPTY : body, requestId(event), invocation.timeLeft(), apiKeyFingerprint(event),
                resource(resourceUrl, event)));
        MutableHttpResponse<String> response = HttpResponse.status(HttpStatus.valueOf(reply.status()));
        reply.headers().forEach(response::header);
        if (reply.body() != null) {
            response.body(reply.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return response;
    }

    /** The API Gateway event that carried the request, on Lambda; null on the local server. */
    static @Nullable APIGatewayProxyRequestEvent gatewayEvent(HttpRequest<?> request) {
        return request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event ? event : null;
    }

    /**
     * This endpoint's URL as the client used it, the audience its OAuth tokens must carry: MCP_RESOURCE_URL when
     * set; on Lambda, API Gateway's domain and the request path from its request context (which the client cannot
     * forge, unlike a Host header); else null.
     */
    static @Nullable String resource(@Nullable String configured, @Nullable APIGatewayProxyRequestEvent event) {
        if (configured != null) {
            return configured;
        }
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getDomainName() == null) {
            return null;
        }
        return ResourceUrls.fromGateway(event.getRequestContext().getDomainName(), event.getRequestContext().getPath());
    }

    /** API Gateway's request id on Lambda, so logs and error replies can be matched; a new one locally. */
    static String requestId(@Nullable APIGatewayProxyRequestEvent event) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return UUID.randomUUID().toString();
    }

    /**
     * A fingerprint of the API key API Gateway checked (the first 16 hex digits of its SHA-256; never the key), so
     * use can be audited per key. The Lambda event model drops API Gateway's {@code identity.apiKeyId}; the
     * stage access log has it beside the same request id.
     */
    static @Nullable String apiKeyFingerprint(@Nullable APIGatewayProxyRequestEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getIdentity() == null) {
            return null;
        }
        String key = event.getRequestContext().getIdentity().getApiKey();
        return key == null || key.isBlank() ? null : HttpGate.fingerprint(key);
    }
}
