package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container image as Jib builds it, read from the tarball every app package build writes on an empty base
 * ({@code app/target/jib-image.tar}, the jib-maven-plugin execution image-check): its entrypoint, user, port,
 * environment, labels and layers are those of the image the release workflow pushes, whose only difference is the
 * JRE base below them. Turns red when the image would start anything but the local server, run as root, or carry
 * a registry name other than server.json's.
 */
class ContainerImageIT {

    private static ImageTarball image;
    private static JsonNode config;

    @BeforeAll
    static void read() throws IOException {
        image = ImageTarball.read();
        config = image.config();
    }

    @Test
    @DisplayName("The entrypoint is java with container-minded flags running io.qcmcp.app.Application, and no "
            + "default arguments, so docker run's arguments (--stdio) reach the application")
    void entrypoint() {
        List<String> entrypoint = ImageTarball.strings(config.path("config").path("Entrypoint"));
        assertEquals("java", entrypoint.get(0), entrypoint.toString());
        assertEquals("io.qcmcp.app.Application", entrypoint.get(entrypoint.size() - 1), entrypoint.toString());
        assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=75.0"), entrypoint.toString());
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint.toString());
        JsonNode cmd = config.path("config").path("Cmd");
        assertTrue(cmd.isMissingNode() || cmd.isNull() || cmd.isEmpty(), "default arguments: " + cmd);
    }

    @Test
    @DisplayName("It runs as a numeric user and group that are not root")
    void notRoot() {
        String user = config.path("config").path("User").asText("");
        assertTrue(user.matches("[1-9][0-9]*:[1-9][0-9]*"), "user " + user);
    }

    @Test
    @DisplayName("HTTP on all interfaces, port 8080: MICRONAUT_SERVER_HOST=0.0.0.0 (SettingsCheck then asks for a "
            + "key or OAuth)")
    void listensOnAllInterfaces() {
        assertEquals(List.of("8080/tcp"), fieldNames(config.path("config").path("ExposedPorts")));
        assertEquals(List.of("MICRONAUT_SERVER_HOST=0.0.0.0"),
                ImageTarball.strings(config.path("config").path("Env")));
    }

    @Test
    @DisplayName("The label io.modelcontextprotocol.server.name is server.json's name, as the MCP Registry checks, "
            + "and the source label names that owner's repository")
    void registryLabel() throws IOException {
        JsonNode labels = config.path("config").path("Labels");
        String name = new ObjectMapper().readTree(ServerJsonTest.SERVER_JSON.toFile()).path("name").asText();
        assertEquals(name, labels.path("io.modelcontextprotocol.server.name").asText());
        assertEquals("Apache-2.0", labels.path("org.opencontainers.image.licenses").asText());
        // ghcr.io links the package to its repository by this label: the one whose owner server.json's name names.
        String owner = name.substring("io.github.".length(), name.indexOf('/'));
        assertEquals("https://github.com/" + owner + "/quant-connect-mcp",
                labels.path("org.opencontainers.image.source").asText());
    }

    @Test
    @DisplayName("Layers from the least to the most changing: dependencies, the client module, resources, the app's "
            + "classes (without the Lambda AOT classes), then the classpath file; no provided or test jar")
    void layers() throws IOException {
        List<String> comments = new ArrayList<>();
        config.path("history").forEach(entry -> comments.add(entry.path("comment").asText()));
        assertEquals(List.of("dependencies", "project dependencies", "resources", "classes", "jvm arg files"), comments);
        List<List<String>> layers = new ArrayList<>();
        for (byte[] layer : image.layers()) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer))) {
                layers.add(new ArrayList<>(ImageTarball.entries(in).keySet()));
            }
        }
        assertEquals(comments.size(), layers.size());
        List<String> libs = layers.get(0);
        assertTrue(libs.stream().anyMatch(name -> name.matches("app/libs/micronaut-http-server-netty-.*\\.jar")),
                "the local Netty server is in the image");
        assertFalse(libs.stream().anyMatch(name -> name.contains("micronaut-aot") || name.contains("junit")
                || name.contains("mock-oauth2-server") || name.contains("wiremock")), libs.toString());
        assertTrue(layers.get(1).stream().anyMatch(name -> name.startsWith("app/libs/quant-connect-mcp-client-")),
                layers.get(1).toString());
        assertTrue(layers.get(2).contains("app/resources/application.properties"), layers.get(2).toString());
        List<String> classes = layers.get(3);
        assertTrue(classes.contains("app/classes/io/qcmcp/app/Application.class"), "Application is in the classes");
        assertFalse(classes.stream().anyMatch(name -> name.startsWith("app/classes/io/qcmcp/app/aot/")),
                "the Lambda AOT classes are for the Lambda jar only");
        assertNotEquals(0, classes.size());
        assertNull(config.path("config").path("WorkingDir").textValue(), "no working directory to write in");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
