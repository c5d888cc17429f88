package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code npx aws-cdk@2.1148.1 synth} wrote into cdk.out (the build runs it before the *IT tests): the template as
 * CloudFormation will get it, and the function's code asset as it will be uploaded.
 */
final class CdkOut {

    static final Path DIRECTORY = Path.of("cdk.out");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CdkOut() {
    }

    static JsonNode template() {
        Path template = DIRECTORY.resolve("QuantConnectMcp.template.json");
        if (!Files.isRegularFile(template)) {
            throw new AssertionError(template.toAbsolutePath() + " is missing: the CDK command line did not synthesize "
                    + "the app (the build runs `npx aws-cdk@2.1148.1 synth` in infra/cdk before this test)");
        }
        try {
            return JSON.readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack's Lambda functions running the MCP server (those whose handler is the proxy handler). */
    static List<JsonNode> serverFunctions(JsonNode template) {
        List<JsonNode> functions = new ArrayList<>();
        for (JsonNode resource : template.path("Resources")) {
            if ("AWS::Lambda::Function".equals(resource.path("Type").asText())) {
                functions.add(resource);
            }
        }
        return functions;
    }

    static JsonNode serverFunction() {
        List<JsonNode> functions = serverFunctions(template());
        if (functions.size() != 1) {
            throw new AssertionError("expected one function in the template, found " + functions.size());
        }
        return functions.get(0);
    }

    /** The file the function's code comes from, as the template's asset metadata names it. */
    static Path asset(JsonNode function) {
        String path = function.path("Metadata").path("aws:asset:path").asText("");
        if (path.isEmpty()) {
            throw new AssertionError("the function has no aws:asset:path metadata: " + function.path("Metadata"));
        }
        return DIRECTORY.resolve(path);
    }

    /** The function's environment variables; each must be a plain string, as Lambda will see it. */
    static Map<String, String> environment(JsonNode function) {
        Map<String, String> environment = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = function.path("Properties").path("Environment")
                .path("Variables").properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new AssertionError(field.getKey() + " is not a plain string in the template: " + field.getValue());
            }
            environment.put(field.getKey(), field.getValue().asText());
        }
        return environment;
    }
}
