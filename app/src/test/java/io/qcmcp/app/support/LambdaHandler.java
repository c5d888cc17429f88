package io.qcmcp.app.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The server as AWS runs it: the API Gateway REST proxy handler, fed hand-built payload v1 events like
 * those API Gateway sends for {@code /mcp} on stage {@code prod}.
 */
public final class LambdaHandler implements McpHttp {

    private final ApiGatewayProxyRequestEventFunction handler;

    public LambdaHandler(Map<String, Object> properties) {
        ApplicationContextBuilder builder = ApplicationContext.builder().properties(properties);
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        builder.environments("test");
        handler = new ApiGatewayProxyRequestEventFunction(builder.build());
    }

    public static APIGatewayProxyRequestEvent event(String method, Map<String, String> headers, String body) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withStage("prod")
                .withResourcePath("/mcp")
                .withHttpMethod(method)
                .withPath("/prod/mcp")
                .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("203.0.113.7"));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource("/mcp")
                .withPath("/mcp")
                .withHeaders(new HashMap<>(headers))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(context);
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return handle(event, new TestLambdaContext(30_000));
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, TestLambdaContext context) {
        return handler.handleRequest(event, context);
    }

    @Override
    public Reply send(String method, Map<String, String> headers, String body) {
        APIGatewayProxyResponseEvent response = handle(event(method, headers, body));
        Map<String, String> responseHeaders = new HashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) ->
                    responseHeaders.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        }
        String responseBody = response.getBody() == null ? "" : response.getBody();
        return new Reply(response.getStatusCode(), responseHeaders, responseBody);
    }

    public ApplicationContext applicationContext() {
        return handler.getApplicationContext();
    }

    @Override
    public void close() {
        handler.close();
    }
}
