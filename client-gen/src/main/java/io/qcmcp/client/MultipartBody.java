package io.qcmcp.client;

import io.micronaut.http.MediaType;
import io.qcmcp.client.schema.ObjectSchema;
import io.qcmcp.client.schema.Property;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A multipart/form-data body (RFC 7578): a text part per argument, and a file part for each binary property
 * (its text content sent as the file's bytes, UTF-8). Encoded here, to bytes, because the raw HTTP client
 * {@link HttpTransport} uses sends bytes as they are.
 */
final class MultipartBody {

    private MultipartBody() {
    }

    static RequestBodies.Body of(ObjectSchema schema, Map<String, Object> arguments) {
        String boundary = "qcmcp-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        arguments.forEach((name, value) -> {
            Property property = schema.properties().get(name);
            String field = quoted(name);
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                    + (property != null && property.binary() ? "; filename=\"" + field + "\"\r\nContent-Type: "
                    + MediaType.APPLICATION_OCTET_STREAM : "") + "\r\n\r\n");
            out.writeBytes(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            write(out, "\r\n");
        });
        write(out, "--" + boundary + "--\r\n");
        return new RequestBodies.Body(out.toByteArray(), MediaType.MULTIPART_FORM_DATA + "; boundary=" + boundary);
    }

    /** A field name as it may stand between quotes in a header: no quote, no line break. */
    private static String quoted(String name) {
        return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
