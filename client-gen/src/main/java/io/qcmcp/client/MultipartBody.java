package io.qcmcp.client;

import io.qcmcp.client.schema.ObjectSchema;
import io.qcmcp.client.schema.Property;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A multipart/form-data body: one text part per argument, and a file part for each binary property (its
 * text content sent as the file's bytes, UTF-8).
 */
final class MultipartBody {

    private final String boundary = "qcmcp-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static MultipartBody of(ObjectSchema schema, Map<String, Object> arguments) {
        MultipartBody body = new MultipartBody();
        arguments.forEach((name, value) -> {
            Property property = schema.properties().get(name);
            byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
            if (property != null && property.binary()) {
                body.part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n", bytes);
            } else {
                body.part("Content-Disposition: form-data; name=\"" + name + "\"\r\n", bytes);
            }
        });
        body.write("--" + body.boundary + "--\r\n");
        return body;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void part(String headers, byte[] content) {
        write("--" + boundary + "\r\n" + headers + "\r\n");
        out.writeBytes(content);
        write("\r\n");
    }

    private void write(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
