package io.qcmcp.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each deployment's settings live in deployments/<name>.json, and its name keeps it apart from the others. */
class DeploymentsTest {

    /** Settings a hand deploy of issue 20 had and a workflow deploy silently dropped. */
    private static final String HAND_SET = "{\"readOnly\": true, \"toolsets\": [\"projects\", \"files\"], "
            + "\"apiKeys\": \"alice,bob\", \"memoryMb\": 1024, \"alarmEmail\": \"ops@example.com\"}";

    @TempDir
    Path deployments;

    @Test
    @DisplayName("A setting in the default deployment's file survives a workflow deploy: the hand deploy (no -c) and "
            + "the workflow's (-c deployment=default) synthesize the same template, the same as the old -c flags")
    void settingsSurviveAWorkflowDeploy() throws IOException {
        Files.writeString(deployments.resolve("default.json"), HAND_SET);
        Synthesized byHand = new Synthesized(Map.of(), deployments);
        Synthesized byWorkflow = new Synthesized(Map.of("deployment", "default"), deployments);
        Synthesized withFlags = new Synthesized(Map.of("readOnly", "true", "toolsets", "projects,files",
                "apiKeys", "alice,bob", "memoryMb", "1024", "alarmEmail", "ops@example.com"));

        assertEquals("true", byWorkflow.environment().get("MCP_READ_ONLY"));
        assertEquals("projects,files", byWorkflow.environment().get("MCP_TOOLSETS"));
        byWorkflow.template.resourceCountIs("AWS::ApiGateway::ApiKey", 2);
        byWorkflow.template.resourceCountIs("AWS::SNS::Topic", 1);
        assertEquals(byHand.template.toJSON(), byWorkflow.template.toJSON());
        assertEquals(withFlags.template.toJSON(), byWorkflow.template.toJSON(),
                "moving the -c flags of a hand deploy into the file changes nothing in the stack");
    }

    @Test
    @DisplayName("A named deployment reads its own file; -c key=value on the command line wins over the file")
    void commandLineWinsOverTheFile() throws IOException {
        Files.writeString(deployments.resolve("writer.json"), "{\"memoryMb\": 1024, \"quotaPerDay\": 500}");
        Synthesized writer = new Synthesized(Map.of("deployment", "writer", "memoryMb", "2048"), deployments);
        writer.template.hasResourceProperties("AWS::Lambda::Function", Map.of("MemorySize", 2048));
        writer.template.hasResourceProperties("AWS::ApiGateway::UsagePlan",
                Map.of("Quota", Map.of("Limit", 500, "Period", "DAY")));
    }

    @Test
    @DisplayName("An unknown deployment stops synth, naming the missing file, the deployments there are and how "
            + "to create one")
    void unknownDeployment() throws IOException {
        Files.writeString(deployments.resolve("default.json"), "{}");
        Files.writeString(deployments.resolve("shared.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> select(Map.of("deployment", "sahred")));
        assertTrue(e.getMessage().contains("No deployment 'sahred'"), e.getMessage());
        assertTrue(e.getMessage().contains("sahred.json does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("Deployments: default, shared."), e.getMessage());
        assertTrue(e.getMessage().contains("copy"), e.getMessage());
    }

    @Test
    @DisplayName("An unknown key in a deployment's file stops synth, naming the file, the key and the known keys")
    void unknownKey() throws IOException {
        Files.writeString(deployments.resolve("shared.json"), "{\"readonly\": true}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> select(Map.of("deployment", "shared")));
        assertTrue(e.getMessage().contains("shared.json: unknown setting 'readonly' (did you mean readOnly?)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("toolsets"), e.getMessage());
    }

    @Test
    @DisplayName("A file that is not a JSON object of plain values, or a name that cannot name a stack, stops synth")
    void malformed() throws IOException {
        Files.writeString(deployments.resolve("list.json"), "[\"readOnly\"]");
        Files.writeString(deployments.resolve("nested.json"), "{\"readOnly\": {\"value\": true}}");
        Files.writeString(deployments.resolve("broken.json"), "{\"readOnly\": true,}");
        for (String name : List.of("list", "nested", "broken")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> select(Map.of("deployment", name)));
            assertTrue(e.getMessage().contains(name + ".json"), e.getMessage());
        }
        for (String name : List.of("Prod", "prod_1", "-prod", "prod-", "a".repeat(33))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> select(Map.of("deployment", name)));
            assertTrue(e.getMessage().contains("deployment name"), e.getMessage());
        }
    }

    @Test
    @DisplayName("Every committed deployment file holds known settings with valid values")
    void committedDeployments() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(Deployment.DIRECTORY)) {
            names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - 5)).toList();
        }
        assertTrue(names.contains(Deployment.DEFAULT), "deployments/default.json is committed");
        for (String name : names) {
            App app = new App(AppProps.builder().context(Map.of("deployment", name)).build());
            Deployment.select(app, Deployment.DIRECTORY);
            StackSettings.from(app.getNode());
        }
    }

    @Test
    @DisplayName("Two named deployments and the default, synthesized side by side, share no stack id and no "
            + "physical name; each name carries its deployment's")
    void sideBySide() throws IOException {
        Files.writeString(deployments.resolve("shared.json"), "{\"readOnly\": true, \"apiKeys\": \"alice\", "
                + "\"alarmEmail\": \"ops@example.com\", \"accessLogs\": true}");
        Files.writeString(deployments.resolve("writer.json"), "{\"apiKeys\": \"alice\", "
                + "\"alarmEmail\": \"ops@example.com\", \"accessLogs\": true}");
        Synthesized shared = new Synthesized(Map.of("deployment", "shared"), deployments);
        Synthesized writer = new Synthesized(Map.of("deployment", "writer"), deployments);
        Synthesized byDefault = new Synthesized(Map.of("apiKeys", "alice", "alarmEmail", "ops@example.com",
                "accessLogs", "true"));

        assertEquals("QuantConnectMcp-shared", shared.stackId);
        assertEquals("QuantConnectMcp-writer", writer.stackId);
        assertEquals("QuantConnectMcp", byDefault.stackId);
        Set<String> seen = new HashSet<>();
        for (Synthesized stack : List.of(shared, writer, byDefault)) {
            for (String name : physicalNames(stack)) {
                assertTrue(seen.add(name), "two deployments would both create " + name);
            }
        }
        for (String name : physicalNames(shared)) {
            assertTrue(name.contains(" quant-connect-mcp-shared"), name);
        }
        assertTrue(String.valueOf(shared.one("AWS::Lambda::Function").get("Description")).contains("shared"));
        assertNotEquals(shared.one("AWS::Lambda::Function").get("Description"),
                writer.one("AWS::Lambda::Function").get("Description"));
    }

    @Test
    @DisplayName("The default deployment keeps today's stack id and the logical ids and names of its stateful "
            + "resources (keys, usage plan, log groups), so an update replaces none of them")
    void defaultKeepsItsIdentity() {
        Synthesized oneKey = new Synthesized(Map.of("accessLogs", "true"));
        assertEquals("QuantConnectMcp", oneKey.stackId);
        assertEquals(Map.of(
                "ApiApiKey8A01341B", "quant-connect-mcp",
                "ApiUsagePlanDBBE8AB1", "quant-connect-mcp",
                "ApiF70053CD", "quant-connect-mcp",
                "FunctionLogsAE28C13D", "",
                "AccessLogs8B620ECA", "",
                "ApiDeploymentStageprod3EB9684E", "prod",
                "ApiUsagePlanUsagePlanKeyResourceQuantConnectMcpApiApiKeyF38A7C6D25C28A0C", ""),
                identities(oneKey, "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlan",
                        "AWS::ApiGateway::RestApi", "AWS::Logs::LogGroup", "AWS::ApiGateway::Stage",
                        "AWS::ApiGateway::UsagePlanKey"));
        Synthesized namedKeys = new Synthesized(Map.of("apiKeys", "alice"));
        assertEquals(Map.of("ApiApiKeyalice06A64D02", "quant-connect-mcp-alice"),
                identities(namedKeys, "AWS::ApiGateway::ApiKey"));
    }

    @Test
    @DisplayName("The log groups that hold audit lines (the function's, the access log) are retained on destroy "
            + "and on replacement")
    void auditLogsRetained() {
        Synthesized stack = new Synthesized(Map.of("accessLogs", "true"));
        stack.resources.values().stream().filter(r -> "AWS::Logs::LogGroup".equals(r.get("Type"))).forEach(r -> {
            assertEquals("Retain", r.get("DeletionPolicy"), String.valueOf(r));
            assertEquals("Retain", r.get("UpdateReplacePolicy"), String.valueOf(r));
        });
        stack.template.resourceCountIs("AWS::Logs::LogGroup", 2);
    }

    private void select(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(context).build());
        Deployment.select(app, deployments);
    }

    /** Logical id to the physical name the template gives (empty where CloudFormation makes one up). */
    private static Map<String, String> identities(Synthesized stack, String... types) {
        Map<String, String> found = new HashMap<>();
        stack.resources.forEach((id, resource) -> {
            if (List.of(types).contains(String.valueOf(resource.get("Type")))) {
                found.put(id, explicitName(resource));
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    private static String explicitName(Map<String, Object> resource) {
        Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
        for (String key : List.of("Name", "UsagePlanName", "StageName", "LogGroupName", "FunctionName", "AlarmName",
                "TopicName", "RoleName")) {
            if (properties.get(key) instanceof String name) {
                return name;
            }
        }
        return "";
    }

    /**
     * Every name the template sets itself, as "type name" (CloudFormation's own names carry the stack's name). A
     * stage's and an alias's names are their API's and function's own, so two stacks may share them.
     */
    private static Set<String> physicalNames(Synthesized stack) {
        Set<String> names = new HashSet<>();
        stack.resources.values().forEach(resource -> {
            String name = explicitName(resource);
            if (!name.isEmpty() && !"AWS::ApiGateway::Stage".equals(resource.get("Type"))
                    && !"AWS::Lambda::Alias".equals(resource.get("Type"))) {
                names.add(resource.get("Type") + " " + name);
            }
        });
        assertFalse(names.isEmpty());
        return names;
    }
}
