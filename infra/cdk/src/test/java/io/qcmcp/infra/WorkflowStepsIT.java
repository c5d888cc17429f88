package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell of the release and deploy workflows, run here as GitHub's runner runs it: each {@code run:} step's script
 * exactly as the YAML has it, under {@code bash -eo pipefail}, with the values GitHub gives its expressions,
 * {@code GITHUB_ENV} carried from step to step, and stubs in place of the commands that need a network or
 * credentials (mvn where it builds, docker, gh, aws, npx), which record how they were called. Real jq, sha256sum,
 * awk, unzip, tr and sed do the work, on a temporary copy of the files, and the jars are the ones this build made
 * (hence an integration test: the app module's jars exist after its package phase). A run step that is neither run
 * here nor listed in {@link #NOT_COVERED} with the reason turns this red.
 */
class WorkflowStepsIT {

    private static final Path ROOT = Path.of("../..");
    private static final Path JAR = ROOT.resolve("app/target/quant-connect-mcp.jar");
    private static final Path LAMBDA_JAR = ROOT.resolve("app/target/quant-connect-mcp-lambda.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Workflow RELEASE = Workflow.read("release.yml");
    private static final Workflow DEPLOY = Workflow.read("deploy.yml");

    private static final String VERSION_STEP = "Version from the tag";
    private static final String SERVER_JSON_STEP = "server.json for this version";
    private static final String POMS_STEP = "Set the poms to the version";
    private static final String JARS_STEP = "Check that the jars report the version";
    private static final String ASSETS_STEP = "Release assets with checksums";
    private static final String IMAGE_STEP = "Push the image to ghcr.io (Jib, no Docker daemon)";
    private static final String RELEASE_STEP = "GitHub release";
    private static final String ROLE_STEP = "Check the repository secret";
    private static final String DEPLOY_STEP = "Deploy";
    private static final String SECRETS_STEP = "Check that the QuantConnect secrets exist and have values";
    private static final String E2E_STEP = "End-to-end tests against the deployed stack";

    /** The run steps these tests run, per workflow. */
    private static final Map<String, List<String>> COVERED = Map.of(
            "release.yml", List.of(VERSION_STEP, SERVER_JSON_STEP, POMS_STEP, JARS_STEP, ASSETS_STEP, IMAGE_STEP,
                    RELEASE_STEP),
            "deploy.yml", List.of(ROLE_STEP, DEPLOY_STEP, SECRETS_STEP, E2E_STEP));

    /** The run steps not run here, and why. */
    private static final Map<String, String> NOT_COVERED = Map.of(
            "ci.yml: Build and test (the README's test command)",
            "bash .ci/run is the whole build this test is part of",
            "release.yml: Test and package (the README's test command)",
            "mvn -B -ntp install is the whole build this test is part of; a stub in its place would check nothing",
            "deploy.yml: Test and package (the README's test command; it also synthesizes the stack with the CDK CLI)",
            "mvn verify is the whole build this test is part of; a stub in its place would check nothing");

    @TempDir
    Path temp;

    @BeforeAll
    static void runnerTools() throws Exception {
        // GitHub's ubuntu-latest runners have these; a machine without one should say so, not fail a step oddly.
        for (String tool : List.of("bash", "jq", "unzip", "sha256sum", "awk", "sed", "tr")) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            assertEquals(0, which.waitFor(), "the workflows' steps run " + tool + ", which this machine lacks "
                    + "(Debian/Ubuntu: apt-get install " + tool + ")");
        }
    }

    @Test
    @DisplayName("Every run step of the workflows is run here or listed with the reason it is not")
    void everyRunStepIsAccountedFor() throws IOException {
        List<String> files;
        try (Stream<Path> paths = Files.list(Workflow.DIRECTORY)) {
            files = paths.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.containsAll(COVERED.keySet()), files.toString());
        List<String> unaccounted = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String file : files) {
            Workflow workflow = Workflow.read(file);
            List<String> covered = COVERED.getOrDefault(file, List.of());
            for (String step : workflow.runSteps()) {
                String key = file + ": " + step;
                all.add(key);
                assertFalse(covered.contains(step) && NOT_COVERED.containsKey(key), key + " is run and listed");
                if (!covered.contains(step) && !NOT_COVERED.containsKey(key)) {
                    unaccounted.add(key);
                }
            }
            covered.forEach(workflow::step);
        }
        assertEquals(List.of(), unaccounted, "run steps no test runs: run them here or say why in NOT_COVERED");
        assertTrue(all.containsAll(NOT_COVERED.keySet()), "NOT_COVERED names a step that is gone");
    }

    @Test
    @DisplayName("An expression the test does not know stops it instead of passing unseen")
    void unknownExpressionsFail() {
        Map<String, Object> context = Map.of("github.ref_name", "v1.2.3");
        assertEquals("v1.2.3", Workflow.substitute("${{ github.ref_name }}", context));
        assertThrows(IllegalArgumentException.class, () -> Workflow.substitute("${{ github.sha }}", context));
        assertThrows(IllegalArgumentException.class,
                () -> Workflow.substitute("${{ startsWith(github.ref_name, 'v') }}", context));
        assertThrows(IllegalArgumentException.class,
                () -> Workflow.substitute("${{ github.ref_name != 'x' }}", context));
        assertEquals(true, Workflow.evaluate("'V1.2.3' == github.ref_name", context), "GitHub ignores case");
        assertEquals("b", Workflow.evaluate("'' && 'a' || 'b'", context));
        assertEquals("a-v1.2.3", Workflow.evaluate("format('a-{0}', github.ref_name)", context));
    }

    // release.yml

    @ParameterizedTest
    @CsvSource({"v1.2.3, qcmcp, 1.2.3", "v1.2.3-rc.1, qcmcp, 1.2.3-rc.1", "v10.0.0, QcMcp, 10.0.0"})
    @DisplayName("Version from the tag: a version tag sets VERSION and the image, lower case, for the later steps")
    void versionFromTag(String tag, String owner, String version) throws Exception {
        Workflow.Run run = release(tag, owner);
        Workflow.Result result = run.step(VERSION_STEP);
        assertEquals(0, result.exit(), result.output());
        assertEquals(Map.of("VERSION", version, "IMAGE", "ghcr.io/qcmcp/quant-connect-mcp"), result.written());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.2", "release-1", "v1.2.3.4", "v1.2.3-"})
    @DisplayName("Version from the tag: any other tag releases nothing and says why")
    void otherTagsFail(String tag) throws Exception {
        Workflow.Result result = release(tag, "qcmcp").step(VERSION_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::The tag " + tag + " is not v<major>.<minor>.<patch> (optionally "
                + "-<pre-release>): nothing is released."), result.errors());
        assertEquals(Map.of(), result.written());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qcmcp", "QcMcp"})
    @DisplayName("server.json for this version: the release's server.json has the tag's version and image, the rest "
            + "as committed")
    void serverJsonForTheVersion(String owner) throws Exception {
        Workflow.Run run = release("v1.2.3", owner);
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(SERVER_JSON_STEP);
        assertEquals(0, result.exit(), result.output());
        ObjectNode expected = (ObjectNode) JSON.readTree(ROOT.resolve("server.json").toFile());
        expected.put("version", "1.2.3");
        for (JsonNode pkg : expected.path("packages")) {
            if (pkg.path("registryType").asText().equals("oci")) {
                ((ObjectNode) pkg).put("identifier", "ghcr.io/qcmcp/quant-connect-mcp:1.2.3");
            }
        }
        assertEquals(expected, JSON.readTree(run.workspace.resolve("dist/server.json").toFile()));
        assertEquals(Map.of("SERVER_NAME", "io.github.qcmcp/quant-connect-mcp"), result.written());
    }

    @Test
    @DisplayName("server.json for this version: in a fork, the release stops and names what to change")
    void serverJsonOfAnotherOwner() throws Exception {
        Workflow.Run run = release("v1.2.3", "Someone-Else");
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(SERVER_JSON_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::server.json names io.github.qcmcp/quant-connect-mcp, but this repository's "
                + "owner would publish io.github.Someone-Else/quant-connect-mcp: change its name and its package "
                + "identifier (ghcr.io/someone-else/quant-connect-mcp) to match."), result.errors());
        assertFalse(Files.exists(run.workspace.resolve("dist/server.json")));
        assertEquals(Map.of(), result.written());
    }

    @Test
    @DisplayName("Set the poms to the version: versions:set, as the step runs it, gives every module the tag's version")
    void pomsGetTheVersion() throws Exception {
        Workflow.Run run = release("v1.2.3", "qcmcp");
        List<String> poms = List.of("pom.xml", "client-gen/pom.xml", "app/pom.xml", "infra/cdk/pom.xml");
        for (String pom : poms) {
            copy(ROOT.resolve(pom), run.workspace.resolve(pom));
        }
        run.unstub("mvn");
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(POMS_STEP);
        assertEquals(0, result.exit(), result.output());
        for (String pom : poms) {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(run.workspace.resolve(pom).toFile()).getDocumentElement();
            String version = text(project, "version");
            String parent = text(child(project, "parent"), "version");
            if (pom.equals("pom.xml")) {
                assertEquals("1.2.3", version, pom);
            } else {
                assertEquals("1.2.3", parent, pom + "'s parent");
                assertTrue(version.isEmpty() || version.equals("1.2.3"), pom + ": " + version);
            }
            assertFalse(Files.readString(run.workspace.resolve(pom)).contains("SNAPSHOT"), pom + " names a SNAPSHOT");
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    /** The text of the child element {@code name}, empty when there is none. */
    private static String text(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return "";
    }

    @Test
    @DisplayName("Check that the jars report the version: this build's jars pass with their own version")
    void jarsReportTheirVersion() throws Exception {
        String version = builtVersion(JAR);
        assertEquals(version, builtVersion(LAMBDA_JAR));
        Workflow.Run run = releaseWithJars("v" + version, LAMBDA_JAR);
        assertTrue(run.step(VERSION_STEP).succeeded(), "the tag v" + version);
        Workflow.Result result = run.step(JARS_STEP);
        assertEquals(0, result.exit(), result.output());
    }

    @Test
    @DisplayName("Check that the jars report the version: a tag other than the jars' version stops the release, "
            + "naming the jar")
    void jarsOfAnotherVersionFail() throws Exception {
        Workflow.Run run = releaseWithJars("v9.9.9", LAMBDA_JAR);
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(JARS_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::app/target/quant-connect-mcp.jar reports version '" + builtVersion(JAR)
                + "', not 9.9.9 (qcmcp-build.properties)."), result.errors());
    }

    @Test
    @DisplayName("Check that the jars report the version: a Lambda jar of another version is caught too")
    void lambdaJarOfAnotherVersionFails() throws Exception {
        String version = builtVersion(JAR);
        Path other = temp.resolve("other-lambda.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("qcmcp-build.properties"));
            zip.write("name=quant-connect-mcp\nversion=0.0.1\n".getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
        }
        Workflow.Run run = releaseWithJars("v" + version, other);
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(JARS_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::app/target/quant-connect-mcp-lambda.jar reports version '0.0.1', not "
                + version + " (qcmcp-build.properties)."), result.errors());
    }

    @Test
    @DisplayName("Check that the jars report the version: a jar that cannot say its version stops the release, "
            + "naming the jar")
    void jarWithoutVersionFails() throws Exception {
        Path other = temp.resolve("unversioned-lambda.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("no build properties here\n".getBytes(StandardCharsets.ISO_8859_1));
            zip.closeEntry();
        }
        Workflow.Run run = releaseWithJars("v" + builtVersion(JAR), other);
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(JARS_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::app/target/quant-connect-mcp-lambda.jar is missing or holds no "
                + "qcmcp-build.properties: it cannot say its version."), result.errors());
    }

    @Test
    @DisplayName("Release assets with checksums: both jars with a .sha256 each and SHA256SUMS, which the README's "
            + "sha256sum -c accepts")
    void releaseAssets() throws Exception {
        Workflow.Run run = releaseWithJars("v1.2.3", LAMBDA_JAR);
        assertTrue(run.step(VERSION_STEP).succeeded());
        Workflow.Result result = run.step(ASSETS_STEP);
        assertEquals(0, result.exit(), result.output());
        Path dist = run.workspace.resolve("dist");
        try (Stream<Path> files = Files.list(dist)) {
            assertEquals(List.of("SHA256SUMS", "quant-connect-mcp-lambda.jar", "quant-connect-mcp-lambda.jar.sha256",
                    "quant-connect-mcp.jar", "quant-connect-mcp.jar.sha256"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // The README: "check it (sha256sum -c quant-connect-mcp.jar.sha256)".
        assertTrue(Files.readString(ROOT.resolve("README.md")).contains("sha256sum -c quant-connect-mcp.jar.sha256"));
        for (String check : List.of("quant-connect-mcp.jar.sha256", "quant-connect-mcp-lambda.jar.sha256",
                "SHA256SUMS")) {
            assertEquals(0, shell(dist, "sha256sum -c " + check), check);
        }
        assertEquals(2, Files.readAllLines(dist.resolve("SHA256SUMS")).size());
        assertEquals(Files.size(JAR), Files.size(dist.resolve("quant-connect-mcp.jar")));
        Files.writeString(dist.resolve("quant-connect-mcp.jar"), "not the jar");
        assertNotEquals(0, shell(dist, "sha256sum -c quant-connect-mcp.jar.sha256"), "a changed jar is caught");
    }

    @ParameterizedTest
    @CsvSource({"v1.2.3, true", "v1.2.3-rc.1, false"})
    @DisplayName("Push the image: docker login gets the token on standard input, Jib pushes IMAGE:VERSION with the "
            + "server's name and the repository it comes from, and latest only for a release")
    void pushTheImage(String tag, boolean latest) throws Exception {
        Workflow.Run run = release(tag, "QcMcp");
        assertTrue(run.step(VERSION_STEP).succeeded());
        assertTrue(run.step(SERVER_JSON_STEP).succeeded());
        Workflow.Result result = run.step(IMAGE_STEP);
        assertEquals(0, result.exit(), result.output());
        String version = tag.substring(1);
        List<Workflow.Call> docker = run.calls("docker");
        assertEquals(1, docker.size());
        assertEquals(List.of("login", "ghcr.io", "--username", "octocat", "--password-stdin"), docker.get(0).args());
        assertEquals("fake-token-123", docker.get(0).stdin());
        List<Workflow.Call> mvn = run.calls("mvn");
        assertEquals(1, mvn.size());
        List<String> expected = new ArrayList<>(List.of("-B", "-ntp", "-pl", "app", "jib:build",
                "-Djib.to.image=ghcr.io/qcmcp/quant-connect-mcp:" + version));
        if (latest) {
            expected.add("-Djib.to.tags=latest");
        }
        expected.add("-Dmcp.server.name=" + JSON.readTree(ROOT.resolve("server.json").toFile()).path("name").asText());
        // The repository as GitHub spells it: ghcr.io links the package to it by this label.
        expected.add("-Dcontainer.source=https://github.com/QcMcp/quant-connect-mcp");
        assertEquals(expected, mvn.get(0).args());
        for (String command : List.of("docker", "mvn")) {
            run.calls(command).forEach(call -> assertFalse(String.join(" ", call.args()).contains("fake-token-123"),
                    "the token is on " + command + "'s command line"));
        }
        assertFalse(result.output().contains("fake-token-123"), "the step prints the token");
    }

    @Test
    @DisplayName("Push the image: a failed docker login pushes nothing")
    void failedLoginPushesNothing() throws Exception {
        Workflow.Run run = release("v1.2.3", "qcmcp");
        run.stub("docker", "echo 'Error response from daemon: denied' >&2; exit 1");
        assertTrue(run.step(VERSION_STEP).succeeded());
        assertTrue(run.step(SERVER_JSON_STEP).succeeded());
        assertNotEquals(0, run.step(IMAGE_STEP).exit());
        assertEquals(List.of(), run.calls("mvn"));
    }

    @Test
    @DisplayName("GitHub release: the notes are the CHANGELOG's section for the version and the image, and all six "
            + "assets are attached")
    void githubRelease() throws Exception {
        Workflow.Run run = releaseUpToAssets("v1.2.3", """
                # Changelog

                ## [Unreleased]
                - Not yet.

                ## [1.2.3] - 2026-12-01
                ### Added
                - The thing.

                ## [1.2.3-rc.1] - 2026-11-20
                - The thing, to try.

                ## [1.2.2] - 2026-11-01
                - The older thing.
                """);
        Workflow.Result result = run.step(RELEASE_STEP);
        assertEquals(0, result.exit(), result.output());
        assertEquals("### Added\n- The thing.\n\n\nContainer image: `ghcr.io/qcmcp/quant-connect-mcp:1.2.3`.\n",
                Files.readString(run.workspace.resolve("dist/notes.md")));
        List<Workflow.Call> gh = run.calls("gh");
        assertEquals(1, gh.size());
        List<String> assets = List.of("dist/quant-connect-mcp.jar", "dist/quant-connect-mcp-lambda.jar",
                "dist/quant-connect-mcp.jar.sha256", "dist/quant-connect-mcp-lambda.jar.sha256", "dist/SHA256SUMS",
                "dist/server.json");
        List<String> expected = new ArrayList<>(List.of("release", "create", "v1.2.3", "--verify-tag", "--title",
                "v1.2.3", "--notes-file", "dist/notes.md"));
        expected.addAll(assets);
        assertEquals(expected, gh.get(0).args());
        assertEquals("fake-token-123", gh.get(0).env().get("GH_TOKEN"));
        for (String asset : assets) {
            assertTrue(Files.size(run.workspace.resolve(asset)) > 0, asset);
        }
    }

    @Test
    @DisplayName("GitHub release: a pre-release without a CHANGELOG section is marked so, with the fallback notes")
    void preReleaseWithoutSection() throws Exception {
        Workflow.Run run = releaseUpToAssets("v1.2.3-rc.1", """
                # Changelog

                ## [1.2.3] - 2026-12-01
                - Not this one.
                """);
        Workflow.Result result = run.step(RELEASE_STEP);
        assertEquals(0, result.exit(), result.output());
        assertEquals("Container image: `ghcr.io/qcmcp/quant-connect-mcp:1.2.3-rc.1`. CHANGELOG.md has no section for "
                + "1.2.3-rc.1.\n", Files.readString(run.workspace.resolve("dist/notes.md")));
        List<String> args = run.calls("gh").get(0).args();
        assertEquals(List.of("release", "create", "v1.2.3-rc.1", "--verify-tag", "--title", "v1.2.3-rc.1",
                "--notes-file", "dist/notes.md", "--prerelease"), args.subList(0, 9));
        assertEquals(15, args.size());
    }

    // deploy.yml

    @ParameterizedTest
    @CsvSource(value = {"'', false", "arn:aws:iam::123456789012:role/fake-deploy, true"})
    @DisplayName("Check the repository secret: an empty AWS_DEPLOY_ROLE_ARN stops the deploy and says which secret")
    void roleSecret(String role, boolean passes) throws Exception {
        Map<String, Object> context = deployContext("default", true);
        context.put("secrets.AWS_DEPLOY_ROLE_ARN", role);
        Workflow.Result result = DEPLOY.new Run(temp, context).step(ROLE_STEP);
        assertEquals(passes, result.succeeded(), result.output());
        assertEquals(passes ? List.of() : List.of("::error::The repository secret AWS_DEPLOY_ROLE_ARN is empty: set "
                + "it to the ARN of the OIDC deploy role (infra/cdk/README.md)."), result.errors());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "staging", "eu-2"})
    @DisplayName("The workflow's STACK is the stack the CDK app names for the deployment")
    void stackName(String deployment) {
        assertEquals(new Deployment(deployment).stackId(),
                DEPLOY.jobEnv(deployContext(deployment, true)).get("STACK"));
    }

    @Test
    @DisplayName("Deploy: the CDK command line deploys the chosen deployment and writes the outputs where the "
            + "end-to-end step reads them")
    void deploy() throws Exception {
        Workflow.Run run = DEPLOY.new Run(temp, deployContext("staging", true));
        Files.createDirectories(run.workspace.resolve("infra/cdk"));
        run.stub("npx", "echo '{\"QuantConnectMcp-staging\": {}}' > cdk-outputs.json");
        Workflow.Result result = run.step(DEPLOY_STEP);
        assertEquals(0, result.exit(), result.output());
        Workflow.Call npx = run.calls("npx").get(0);
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.File("pom.xml"))
                .getDocumentElement();
        String cli = text(child(pom, "properties"), "aws-cdk-cli.version");
        assertEquals(List.of("--yes", "aws-cdk@" + cli, "deploy",
                "-c", "deployment=staging", "--require-approval", "never", "--outputs-file", "cdk-outputs.json"),
                npx.args());
        assertEquals(run.workspace.resolve("infra/cdk").toRealPath().toString(), npx.cwd());
        Workflow.Result e2e = run.step(E2E_STEP);
        assertEquals(List.of("::error::The stack QuantConnectMcp-staging has no output McpUrl ApiKeyId in "
                + "infra/cdk/cdk-outputs.json (outputs per stack there: {\"QuantConnectMcp-staging\":[]})."),
                e2e.errors(), "the end-to-end step read the file deploy wrote");
    }

    @Test
    @DisplayName("Check that the QuantConnect secrets exist and have values: with both set, the deploy goes on")
    void secretsPresent() throws Exception {
        Workflow.Run run = secretsRun(true);
        List<String> names = secretNames();
        run.stub("aws", answers(Map.of(names.get(0), "current", names.get(1), "current")));
        Workflow.Result result = run.step(SECRETS_STEP);
        assertEquals(0, result.exit(), result.output());
        List<Workflow.Call> aws = run.calls("aws");
        assertEquals(2, aws.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("secretsmanager", "describe-secret", "--secret-id", names.get(i), "--query",
                    "VersionIdsToStages", "--output", "json"), aws.get(i).args());
        }
    }

    @Test
    @DisplayName("Check that the QuantConnect secrets exist and have values: a missing secret and one without a "
            + "value are each named with the command that fixes it")
    void secretsMissing() throws Exception {
        Workflow.Run run = secretsRun(true);
        List<String> names = secretNames();
        run.stub("aws", answers(Map.of(names.get(0), "missing", names.get(1), "pending")));
        Workflow.Result result = run.step(SECRETS_STEP);
        assertEquals(1, result.exit(), result.output());
        assertEquals(List.of(
                "::error::The secret " + names.get(0) + " does not exist: aws secretsmanager create-secret --name "
                        + names.get(0) + " --secret-string ...",
                "::error::The secret " + names.get(1) + " has no value yet: aws secretsmanager put-secret-value "
                        + "--secret-id " + names.get(1) + " --secret-string ..."), result.errors());
    }

    @Test
    @DisplayName("Check that the QuantConnect secrets exist and have values: skipped when the end-to-end tests are off")
    void secretsSkippedWithoutE2e() throws Exception {
        Workflow.Run run = secretsRun(false);
        assertTrue(run.step(SECRETS_STEP).skipped());
        assertTrue(run.step(E2E_STEP).skipped());
        assertEquals(List.of(), run.calls("aws"));
    }

    @Test
    @DisplayName("End-to-end tests against the deployed stack: no outputs file stops them with the reason")
    void e2eWithoutOutputs() throws Exception {
        Workflow.Run run = e2eRun(null);
        Workflow.Result result = run.step(E2E_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::cdk deploy wrote no outputs file (infra/cdk/cdk-outputs.json): the end-to-end "
                + "tests need the stack's McpUrl and ApiKeyId."), result.errors());
        assertEquals(List.of(), run.calls("mvn"));
    }

    @Test
    @DisplayName("End-to-end tests against the deployed stack: outputs without McpUrl and ApiKeyId are named")
    void e2eWithoutStackOutputs() throws Exception {
        Workflow.Run run = e2eRun("{\"QuantConnectMcp\": {\"McpUrl\": \"https://example.test/mcp\"}, "
                + "\"Other\": {\"ApiKeyId\": \"k\"}}");
        Workflow.Result result = run.step(E2E_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::The stack QuantConnectMcp has no output ApiKeyId in infra/cdk/cdk-outputs.json "
                + "(outputs per stack there: {\"QuantConnectMcp\":[\"McpUrl\"],\"Other\":[\"ApiKeyId\"]})."),
                result.errors());
        assertEquals(List.of(), run.calls("aws"));
    }

    @Test
    @DisplayName("End-to-end tests against the deployed stack: an API key without a value stops them")
    void e2eKeyWithoutValue() throws Exception {
        Workflow.Run run = e2eRun(goodOutputs());
        run.stub("aws", "echo None");
        Workflow.Result result = run.step(E2E_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::The API key fake-key-id (output ApiKeyId) has no value: aws apigateway "
                + "get-api-key --api-key fake-key-id --include-value"), result.errors());
        assertEquals(List.of(), run.calls("mvn"));
    }

    @Test
    @DisplayName("End-to-end tests against the deployed stack: they run against the stack's URL with its key, masked "
            + "before anything can print it")
    void e2eRuns() throws Exception {
        Workflow.Run run = e2eRun(goodOutputs());
        run.stub("aws", "echo fake-api-key-123");
        run.stub("mvn", report(5, 0) + "\necho \"tests with key $QUANT_CONNECT_MCP_API_GATEWAY_API_KEY\"");
        Workflow.Result result = run.step(E2E_STEP);
        assertEquals(0, result.exit(), result.output());
        assertEquals(List.of("apigateway", "get-api-key", "--api-key", "fake-key-id", "--include-value", "--query",
                "value", "--output", "text"), run.calls("aws").get(0).args());
        Workflow.Call mvn = run.calls("mvn").get(0);
        assertEquals(List.of("-pl", "app", "-am", "test", "-Dtest=DeployedStackE2ETest",
                "-Dsurefire.failIfNoSpecifiedTests=false"), mvn.args());
        assertEquals("https://example.test/prod/mcp", mvn.env().get("QUANT_CONNECT_MCP_URL"));
        assertEquals("fake-api-key-123", mvn.env().get("QUANT_CONNECT_MCP_API_GATEWAY_API_KEY"));
        assertEquals("true", mvn.env().get("QUANT_CONNECT_MCP_E2E_REQUIRED"));
        List<String> showingKey = result.output().lines().filter(line -> line.contains("fake-api-key-123")).toList();
        assertEquals("::add-mask::fake-api-key-123", showingKey.get(0));
        assertEquals(2, showingKey.size(), result.output());
    }

    @Test
    @DisplayName("End-to-end tests against the deployed stack: skipped tests fail the deploy")
    void e2eSkipped() throws Exception {
        Workflow.Run run = e2eRun(goodOutputs());
        run.stub("aws", "echo fake-api-key-123");
        run.stub("mvn", report(5, 5));
        Workflow.Result result = run.step(E2E_STEP);
        assertNotEquals(0, result.exit());
        assertEquals(List.of("::error::The end-to-end tests did not all run (5 tests, 5 skipped)."), result.errors());
    }

    @Test
    @DisplayName("End-to-end tests against the deployed stack: no test report (no tests ran) fails the deploy")
    void e2eWithoutReport() throws Exception {
        Workflow.Run run = e2eRun(goodOutputs());
        run.stub("aws", "echo fake-api-key-123");
        Workflow.Result result = run.step(E2E_STEP);
        assertNotEquals(0, result.exit(), result.output());
        assertEquals(1, run.calls("mvn").size());
        assertEquals(List.of("::error::The end-to-end tests wrote no report (app/target/surefire-reports/"
                + "TEST-io.qcmcp.app.e2e.DeployedStackE2ETest.xml): they did not run."), result.errors());
    }

    // Helpers

    private Workflow.Run release(String tag, String owner) throws IOException {
        Map<String, Object> context = new HashMap<>();
        context.put("github.ref_name", tag);
        context.put("github.repository_owner", owner);
        context.put("github.repository", owner + "/quant-connect-mcp");
        context.put("github.server_url", "https://github.com");
        context.put("github.actor", "octocat");
        context.put("secrets.GITHUB_TOKEN", "fake-token-123");
        Workflow.Run run = RELEASE.new Run(temp, context);
        copy(ROOT.resolve("server.json"), run.workspace.resolve("server.json"));
        copy(ROOT.resolve("CHANGELOG.md"), run.workspace.resolve("CHANGELOG.md"));
        return run;
    }

    private Workflow.Run releaseWithJars(String tag, Path lambdaJar) throws IOException {
        Workflow.Run run = release(tag, "qcmcp");
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the app module before this test runs");
        copy(JAR, run.workspace.resolve("app/target/quant-connect-mcp.jar"));
        copy(lambdaJar, run.workspace.resolve("app/target/quant-connect-mcp-lambda.jar"));
        return run;
    }

    private Workflow.Run releaseUpToAssets(String tag, String changelog) throws Exception {
        Workflow.Run run = releaseWithJars(tag, LAMBDA_JAR);
        Files.writeString(run.workspace.resolve("CHANGELOG.md"), changelog);
        for (String step : List.of(VERSION_STEP, SERVER_JSON_STEP, ASSETS_STEP)) {
            Workflow.Result result = run.step(step);
            assertEquals(0, result.exit(), step + ": " + result.output());
        }
        return run;
    }

    private static Map<String, Object> deployContext(String deployment, boolean e2e) {
        Map<String, Object> context = new HashMap<>();
        context.put("inputs.deployment", deployment);
        context.put("inputs.region", "us-east-1");
        context.put("inputs.run-e2e", e2e);
        context.put("secrets.AWS_DEPLOY_ROLE_ARN", "arn:aws:iam::123456789012:role/fake-deploy");
        return context;
    }

    /** The secrets' names the function reads, user id first, from the template the build's CDK CLI synth wrote. */
    private static List<String> secretNames() {
        Map<String, String> environment = CdkOut.environment(CdkOut.serverFunction());
        return List.of(environment.get("QUANTCONNECT_SECRETS_USER_ID_NAME"),
                environment.get("QUANTCONNECT_SECRETS_API_TOKEN_NAME"));
    }

    /** The deploy's workspace with cdk.out as `cdk deploy` leaves it: the default deployment's template. */
    private Workflow.Run secretsRun(boolean e2e) throws IOException {
        Workflow.Run run = DEPLOY.new Run(temp, deployContext("default", e2e));
        Path template = run.workspace.resolve("infra/cdk/cdk.out/QuantConnectMcp.template.json");
        Files.createDirectories(template.getParent());
        JSON.writeValue(template.toFile(), CdkOut.template());
        return run;
    }

    /** An aws stub answering describe-secret for each secret: current (a value), pending (none) or missing. */
    private static String answers(Map<String, String> secrets) {
        StringBuilder body = new StringBuilder("case \"$4\" in\n");
        secrets.forEach((name, state) -> body.append("  '").append(name).append("') state=").append(state)
                .append(" ;;\n"));
        body.append("  *) echo \"unexpected secret $4\" >&2; exit 3 ;;\nesac\n")
                .append("case $state in\n")
                .append("  current) echo '{\"a1\": [\"AWSCURRENT\"]}' ;;\n")
                .append("  pending) echo '{\"a1\": [\"AWSPENDING\"]}' ;;\n")
                .append("  missing) echo 'An error occurred (ResourceNotFoundException)' >&2; exit 254 ;;\n")
                .append("esac");
        return body.toString();
    }

    private Workflow.Run e2eRun(String outputs) throws IOException {
        Workflow.Run run = DEPLOY.new Run(temp, deployContext("default", true));
        Files.createDirectories(run.workspace.resolve("infra/cdk"));
        if (outputs != null) {
            Files.writeString(run.workspace.resolve("infra/cdk/cdk-outputs.json"), outputs);
        }
        return run;
    }

    private static String goodOutputs() {
        return "{\"QuantConnectMcp\": {\"McpUrl\": \"https://example.test/prod/mcp\", \"ApiKeyId\": \"fake-key-id\"}}";
    }

    /** An mvn stub body that writes the surefire report of the end-to-end tests. */
    private static String report(int tests, int skipped) {
        return "mkdir -p app/target/surefire-reports\n"
                + "echo '<testsuite name=\"io.qcmcp.app.e2e.DeployedStackE2ETest\" tests=\"" + tests + "\" skipped=\""
                + skipped + "\" failures=\"0\"/>' > app/target/surefire-reports/TEST-io.qcmcp.app.e2e."
                + "DeployedStackE2ETest.xml";
    }

    private static String builtVersion(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("qcmcp-build.properties");
            Properties properties = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                properties.load(in);
            }
            return properties.getProperty("version");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static int shell(Path directory, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).directory(directory.toFile())
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }
}
