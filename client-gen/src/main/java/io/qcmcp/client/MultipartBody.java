package io.qcmcp.client;

import io.micronaut.http.MediaType;
import io.qcmcp.client.schema.ObjectSchema;
import io.qcmcp.client.schema.Property;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A multipart/form-data body: a text part per argument, and a file part for each binary property (its text
 * content sent as the file's bytes, UTF-8).
 */
final class MultipartBody {

    private MultipartBody() {
    }

    static io.micronaut.http.client.multipart.MultipartBody of(ObjectSchema schema, Map<String, Object> arguments) {
        io.micronaut.http.client.multipart.MultipartBody.Builder body =
                io.micronaut.http.client.multipart.MultipartBody.builder();
        arguments.forEach((name, value) -> {
            Property property = schema.properties().get(name);
            if (property != null && property.binary()) {
                body.addPart(name, name, MediaType.APPLICATION_OCTET_STREAM_TYPE,
                        String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            } else {
                body.addPart(name, String.valueOf(value));
            }
        });
        return body.build();
    }
}
