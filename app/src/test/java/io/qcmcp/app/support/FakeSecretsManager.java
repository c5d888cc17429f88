package io.qcmcp.app.support;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local Secrets Manager endpoint speaking the AWS JSON protocol of GetSecretValue, for the real AWS SDK
 * client with an endpoint override. While open, the SDK finds a region and static test credentials in the
 * system properties.
 */
public final class FakeSecretsManager implements AutoCloseable {

    public static final String USER_SECRET = "quant-connect-mcp/user-id";
    public static final String TOKEN_SECRET = "quant-connect-mcp/api-token";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public FakeSecretsManager() {
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
        server.start();
    }

    /** Answers GetSecretValue for {@code name} with this status and AWS JSON body. */
    public void answer(String name, int status, String body) {
        server.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + name + "\"}", true, true))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    /** The secret {@code name} holds this plain string. */
    public void value(String name, String value) {
        answer(name, 200, "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + name + "\",\"Name\":\""
                + name + "\",\"SecretString\":\"" + value + "\",\"VersionId\":\"v1\"}");
    }

    /** GetSecretValue calls received so far. */
    public int reads() {
        return server.findAll(postRequestedFor(urlEqualTo("/"))).size();
    }

    /** Server properties reading both secrets from here, with no credentials in the environment. */
    public Map<String, Object> properties(String quantConnectApiUrl) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("quantconnect.api-url", quantConnectApiUrl);
        properties.put("quantconnect.user-id", "");
        properties.put("quantconnect.api-token", "");
        properties.put("quantconnect.secrets.user-id-name", USER_SECRET);
        properties.put("quantconnect.secrets.api-token-name", TOKEN_SECRET);
        properties.put("quantconnect.secrets.endpoint", server.baseUrl());
        return properties;
    }

    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
