package io.qcmcp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stack synthesized in-process from context settings, with a stub asset, and ways to look into it. */
final class Synthesized {

    final Template template;
    final Map<String, Map<String, Object>> resources;

    @SuppressWarnings("unchecked")
    Synthesized(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent("assetPath", stubAsset().toString());
        App app = new App(AppProps.builder().context(all).build());
        template = Template.fromStack(QuantConnectMcpApp.createStack(app, StackSettings.from(app.getNode())));
        resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    static Path stubAsset() {
        try {
            Path asset = Files.createTempDirectory("qcmcp-asset");
            Files.writeString(asset.resolve("stub.txt"), "stands in for the Lambda jar");
            return asset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> ofType(String type) {
        List<Map<String, Object>> found = new ArrayList<>();
        resources.values().forEach(resource -> {
            if (type.equals(resource.get("Type"))) {
                found.add((Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
            }
        });
        return found;
    }

    Map<String, Object> one(String type) {
        List<Map<String, Object>> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.size());
        }
        return found.get(0);
    }

    String logicalId(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).findFirst()
                .orElseThrow().getKey();
    }

    Map<String, Object> method(String httpMethod) {
        return ofType("AWS::ApiGateway::Method").stream().filter(m -> httpMethod.equals(m.get("HttpMethod")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + httpMethod + " method"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> environment() {
        return (Map<String, Object>) ((Map<String, Object>) one("AWS::Lambda::Function").get("Environment"))
                .get("Variables");
    }

    /** Every IAM policy statement of the stack. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : ofType("AWS::IAM::Policy")) {
            statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument"))
                    .get("Statement"));
        }
        return statements;
    }

    static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
