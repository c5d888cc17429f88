package io.qcmcp.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
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
    final Stack stack;
    final Map<String, Map<String, Object>> resources;

    final String stackId;

    /** The default deployment with no file: the code's defaults, changed by the given context (-c) only. */
    Synthesized(Map<String, Object> context) {
        this(context, Path.of("no-deployments-here"));
    }

    /** The app as the CDK command line runs it, with the given context (-c) and folder of deployment files. */
    @SuppressWarnings("unchecked")
    Synthesized(Map<String, Object> context, Path deployments) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent("assetPath", stubAsset().toString());
        App app = new App(AppProps.builder().context(all).build());
        Deployment deployment = Deployment.select(app, deployments);
        stack = QuantConnectMcpApp.createStack(app, deployment, StackSettings.from(app.getNode()));
        stackId = stack.getStackName();
        template = Template.fromStack(stack);
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

    /** The properties of the alarm whose logical id starts with {@code id}. */
    Map<String, Object> alarm(String id) {
        return resources.entrySet().stream().filter(e -> e.getKey().startsWith(id)
                        && "AWS::CloudWatch::Alarm".equals(e.getValue().get("Type"))).findFirst()
                .map(e -> properties(e.getValue())).orElseThrow(() -> new AssertionError("no alarm " + id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The math expression of an alarm on one. */
    static String expression(Map<String, Object> alarm) {
        return metrics(alarm).stream().filter(m -> m.containsKey("Expression")).findFirst()
                .map(m -> String.valueOf(m.get("Expression"))).orElseThrow();
    }

    /** The id and metric name of each metric an alarm's expression uses. */
    static Map<String, String> metricNames(Map<String, Object> alarm) {
        Map<String, String> names = new HashMap<>();
        for (Map<String, Object> metric : metrics(alarm)) {
            if (metric.get("MetricStat") instanceof Map<?, ?> stat && stat.get("Metric") instanceof Map<?, ?> m) {
                names.put(String.valueOf(metric.get("Id")), String.valueOf(m.get("MetricName")));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> metrics(Map<String, Object> alarm) {
        return (List<Map<String, Object>>) alarm.getOrDefault("Metrics", List.of());
    }

    /** Calls {@code visit} with every map in {@code value}, however deep. */
    static void walk(Object value, java.util.function.Consumer<Map<?, ?>> visit) {
        if (value instanceof Map<?, ?> map) {
            visit.accept(map);
            map.values().forEach(inner -> walk(inner, visit));
        } else if (value instanceof List<?> list) {
            list.forEach(inner -> walk(inner, visit));
        }
    }

    static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
