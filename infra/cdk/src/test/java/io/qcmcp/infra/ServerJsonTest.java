package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * server.json, the MCP Registry's description of the container package, against the fields the registry documents
 * for its 2025-12-11 schema (no package registry serves that schema, so it is not validated by a JSON Schema
 * library here): the name, description and version rules, one OCI package whose identifier carries the version as its
 * tag, the stdio transport with --stdio, and environment variables that the server really reads, with its defaults.
 */
class ServerJsonTest {

    static final Path SERVER_JSON = Path.of("../../server.json");
    private static final Path APPLICATION_PROPERTIES = Path.of("../../app/src/main/resources/application.properties");
    static final String SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

    private static final Set<String> SERVER_FIELDS = Set.of("$schema", "name", "title", "description", "version",
            "repository", "websiteUrl", "icons", "packages", "remotes", "_meta");
    private static final Set<String> PACKAGE_FIELDS = Set.of("registryType", "registryBaseUrl", "identifier", "version",
            "fileSha256", "runtimeHint", "transport", "runtimeArguments", "packageArguments", "environmentVariables");
    private static final Set<String> INPUT_FIELDS = Set.of("name", "description", "isRequired", "format", "value",
            "isSecret", "default", "placeholder", "choices", "variables");
    private static final Set<String> FORMATS = Set.of("string", "number", "boolean", "filepath");

    private static JsonNode server;
    private static JsonNode pkg;

    @BeforeAll
    static void read() throws IOException {
        server = new ObjectMapper().readTree(SERVER_JSON.toFile());
        assertEquals(1, server.path("packages").size(), "one package, the container image");
        pkg = server.path("packages").get(0);
    }

    @Test
    @DisplayName("The registry's $schema, a reverse-DNS name under io.github, a description of at most 100 "
            + "characters, an exact version, and no field the schema lacks")
    void serverFields() {
        assertEquals(SCHEMA, server.path("$schema").asText());
        String name = server.path("name").asText();
        assertTrue(name.matches("io\\.github\\.[a-zA-Z0-9-]+/[a-zA-Z0-9._-]+") && name.length() <= 200, name);
        String description = server.path("description").asText();
        assertTrue(!description.isEmpty() && description.length() <= 100, description.length() + " characters");
        String version = server.path("version").asText();
        assertTrue(version.matches("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?"), "an exact version: " + version);
        assertEquals(List.of(), unknown(server, SERVER_FIELDS));
    }

    @Test
    @DisplayName("One OCI package on ghcr.io under the name's owner, tagged with the server's version, run with "
            + "--stdio over the stdio transport")
    void containerPackage() {
        assertEquals("oci", pkg.path("registryType").asText());
        String owner = server.path("name").asText().replaceFirst("^io\\.github\\.([^/]+)/.*$", "$1");
        assertEquals("ghcr.io/" + owner.toLowerCase(Locale.ROOT) + "/quant-connect-mcp:" + server.path("version").asText(),
                pkg.path("identifier").asText());
        assertEquals("stdio", pkg.path("transport").path("type").asText());
        assertEquals(1, pkg.path("transport").size(), pkg.path("transport").toString());
        assertEquals(List.of(), unknown(pkg, PACKAGE_FIELDS));
        assertEquals(1, pkg.path("packageArguments").size());
        JsonNode stdio = pkg.path("packageArguments").get(0);
        assertEquals("positional", stdio.path("type").asText());
        assertEquals("--stdio", stdio.path("value").asText());
    }

    @Test
    @DisplayName("The QuantConnect user id and token are required, the token secret; MCP_TOOLSETS, MCP_READ_ONLY and "
            + "MCP_LIVE_TRADING are optional with the server's own defaults")
    void environmentVariables() throws IOException {
        String properties = Files.readString(APPLICATION_PROPERTIES, StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>();
        for (JsonNode variable : pkg.path("environmentVariables")) {
            String name = variable.path("name").asText();
            names.add(name);
            assertEquals(List.of(), unknown(variable, INPUT_FIELDS), name);
            assertFalse(variable.path("description").asText().isBlank(), name + " has a description");
            assertTrue(FORMATS.contains(variable.path("format").asText("string")), name + " format");
            Matcher read = Pattern.compile("\\$\\{" + name + ":([^}]*)}").matcher(properties);
            assertTrue(read.find(), name + " is read in application.properties");
            if (!variable.path("isRequired").asBoolean(false)) {
                assertEquals(read.group(1), variable.path("default").asText(), name + "'s default is the server's");
            }
            if (variable.has("choices")) {
                List<String> choices = new ArrayList<>();
                variable.path("choices").forEach(choice -> choices.add(choice.asText()));
                assertTrue(choices.contains(variable.path("default").asText()), name + "'s default is a choice");
            }
        }
        assertEquals(List.of("QUANTCONNECT_USER_ID", "QUANTCONNECT_API_TOKEN", "MCP_TOOLSETS", "MCP_READ_ONLY",
                "MCP_LIVE_TRADING"), names);
        JsonNode variables = pkg.path("environmentVariables");
        assertTrue(variables.get(0).path("isRequired").asBoolean() && variables.get(1).path("isRequired").asBoolean());
        assertTrue(variables.get(1).path("isSecret").asBoolean(), "the token is a secret");
        assertEquals(List.of("off", "paper", "on"), List.of(variables.get(4).path("choices").get(0).asText(),
                variables.get(4).path("choices").get(1).asText(), variables.get(4).path("choices").get(2).asText()));
    }

    private static List<String> unknown(JsonNode object, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                unknown.add(field);
            }
        });
        return unknown;
    }
}
