package io.qcmcp.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One deployment of the stack: its name ({@code -c deployment=<name>}, {@code default} without it) and its
 * settings, kept in the committed file {@code deployments/<name>.json} so that a deploy by hand and a deploy by
 * the workflow build the same stack. A {@code -c key=value} on the command line wins over the file's value.
 *
 * <p>The default deployment keeps the names of the stack's first release (stack {@code QuantConnectMcp}, API,
 * usage plan and keys {@code quant-connect-mcp...}), so updating an existing stack replaces nothing; any other
 * deployment puts its name in each of them, so several live side by side in one account and region.
 *
 * @param name the deployment's name, which is its file's name
 */
public record Deployment(String name) {

    static final String DEFAULT = "default";
    /** The context key that selects a deployment. */
    static final String CONTEXT_KEY = "deployment";
    /** Where the CDK command line (run from infra/cdk) finds the deployments' files. */
    static final Path DIRECTORY = Path.of("deployments");
    private static final String STACK_ID = "QuantConnectMcp";
    private static final String RESOURCE_NAME = "quant-connect-mcp";
    /** Short enough for every name it becomes part of; lower case, as CloudFormation and API Gateway like it. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Deployment {
        if (!NAME.matcher(name).matches() || name.endsWith("-")) {
            throw new IllegalArgumentException("A deployment name is lower-case letters, digits and -, starting with a "
                    + "letter and not ending with -, at most 32 characters (the file deployments/<name>.json); got '"
                    + name + "'");
        }
    }

    /**
     * The deployment the command line asks for, with its file's settings put into the app's context where the
     * command line set none. Call before anything is added to the app.
     *
     * @throws IllegalArgumentException when the deployment has no file (except the default, whose file is
     *     optional), or the file is not a JSON object of known settings
     */
    static Deployment select(App app, Path directory) {
        Object asked = app.getNode().tryGetContext(CONTEXT_KEY);
        Deployment deployment = new Deployment(asked == null || String.valueOf(asked).isBlank()
                ? DEFAULT : String.valueOf(asked).strip());
        Path file = directory.resolve(deployment.name() + ".json");
        if (Files.isRegularFile(file)) {
            read(file).forEach((key, value) -> {
                if (app.getNode().tryGetContext(key) == null) {
                    app.getNode().setContext(key, value);
                }
            });
        } else if (!deployment.isDefault()) {
            throw new IllegalArgumentException("No deployment '" + deployment.name() + "': " + file + " does not "
                    + "exist. Deployments: " + String.join(", ", known(directory)) + ". To create one, copy "
                    + directory.resolve(DEFAULT + ".json") + " to " + file + " and commit it.");
        }
        return deployment;
    }

    boolean isDefault() {
        return DEFAULT.equals(name);
    }

    /** The CloudFormation stack's name: {@code QuantConnectMcp}, or {@code QuantConnectMcp-<name>}. */
    String stackId() {
        return isDefault() ? STACK_ID : STACK_ID + "-" + name;
    }

    /** The name of the API, the usage plan and (before their own names) the keys. */
    String resourceName() {
        return isDefault() ? RESOURCE_NAME : RESOURCE_NAME + "-" + name;
    }

    /** How descriptions tell deployments apart: empty for the default, whose descriptions stay as released. */
    String describedAs() {
        return isDefault() ? "" : " (deployment " + name + ")";
    }

    /**
     * A deployment file's settings as the command line would give them: strings, lists joined with commas. Only
     * the settings {@link StackSettings} reads are allowed, so a misspelt key stops synth instead of being
     * silently ignored.
     */
    static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object of settings, e.g. {\"readOnly\": true}");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!StackSettings.KEYS.contains(key)) {
                String near = StackSettings.KEYS.stream().filter(known -> known.equalsIgnoreCase(key)).findFirst()
                        .map(known -> " (did you mean " + known + "?)").orElse("");
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "'" + near
                        + ". The settings are: " + String.join(", ", StackSettings.KEYS));
            }
            settings.put(key, text(file, key, field.getValue()));
        }
        return settings;
    }

    private static String text(Path file, String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(file, key, item)));
            return String.join(",", items);
        }
        throw new IllegalArgumentException(file + ": setting " + key + " must be a string, number, true/false or a "
                + "list of strings; got " + value);
    }

    private static List<String> known(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of(DEFAULT);
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
