package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OCI image that every app package build writes on an empty base ({@code app/target/jib-image.tar}, the
 * jib-maven-plugin execution image-check): its manifest, its configuration and its layers (gzipped tar blobs, from
 * the least to the most changing).
 */
record ImageTarball(JsonNode manifest, JsonNode config, List<byte[]> layers) {

    static final Path TARBALL = Path.of("../../app/target/jib-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageTarball read() throws IOException {
        assertTrue(Files.isRegularFile(TARBALL), TARBALL.toAbsolutePath() + " is missing: the app's package build "
                + "writes it (jib-maven-plugin, execution image-check)");
        Map<String, byte[]> blobs;
        try (InputStream in = Files.newInputStream(TARBALL)) {
            blobs = entries(in);
        }
        JsonNode index = JSON.readTree(blobs.get("index.json"));
        assertEquals(1, index.path("manifests").size(), index.toString());
        JsonNode manifest = JSON.readTree(blob(blobs, index.path("manifests").get(0).path("digest").asText()));
        JsonNode config = JSON.readTree(blob(blobs, manifest.path("config").path("digest").asText()));
        List<byte[]> layers = new ArrayList<>();
        manifest.path("layers").forEach(layer -> layers.add(blob(blobs, layer.path("digest").asText())));
        return new ImageTarball(manifest, config, layers);
    }

    /** The process settings a container runtime reads: {@code config.Entrypoint}, {@code .Env}, {@code .User}... */
    JsonNode process() {
        return config.path("config");
    }

    static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asText()));
        return strings;
    }

    private static byte[] blob(Map<String, byte[]> blobs, String digest) {
        byte[] blob = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertNotNull(blob, "no blob " + digest);
        return blob;
    }

    /** A tar stream's regular files and directories by name (ustar, as Jib writes them), directories empty. */
    static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            long size = Long.parseLong(text(header, 124, 12).strip(), 8);
            byte[] content = in.readNBytes((int) size);
            in.readNBytes((int) ((512 - size % 512) % 512));
            String full = prefix.isEmpty() ? name : prefix + "/" + name;
            entries.put(full.endsWith("/") ? full.substring(0, full.length() - 1) : full, content);
        }
        return entries;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
