package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's deploy from a release's Lambda jar, as a user runs it: in a checkout that holds the root pom and
 * infra/cdk only (no server module, nothing built), {@code npx aws-cdk@<pinned> synth -c assetPath=<absolute path>}
 * naming a jar outside the checkout. The jar stands for a release's: the Lambda jar this build made, reporting the
 * version a tag's build would ({@code qcmcp-build.properties}). Turns red when the CDK app needs the server's
 * modules to synthesize, or when the uploaded asset is not the named jar.
 */
class ReleaseJarDeployIT {

    private static final Path ROOT = Path.of("../..");
    private static final Path WORK = Path.of("target", "release-jar-deploy").toAbsolutePath();
    private static final String VERSION = "9.8.7";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path checkout;
    private static Path download;
    private static String synthOutput;
    private static int synthExit;

    @BeforeAll
    static void synthFromARelease() throws Exception {
        if (Files.exists(WORK)) {
            try (Stream<Path> old = Files.walk(WORK)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        checkout = WORK.resolve("checkout");
        Files.createDirectories(checkout.resolve("infra/cdk"));
        Files.copy(ROOT.resolve("pom.xml"), checkout.resolve("pom.xml"));
        copyTree(ROOT.resolve(".mvn"), checkout.resolve(".mvn"));
        for (String part : List.of("pom.xml", "cdk.json", "src/main", "deployments")) {
            copyTree(ROOT.resolve("infra/cdk").resolve(part), checkout.resolve("infra/cdk").resolve(part));
        }
        download = WORK.resolve("downloads/quant-connect-mcp-lambda.jar");
        Files.createDirectories(download.getParent());
        asReleased(ROOT.resolve("app/target/quant-connect-mcp-lambda.jar"), download);

        Path log = WORK.resolve("synth.log");
        Process synth = new ProcessBuilder("npx", "--yes", "aws-cdk@" + System.getProperty("aws-cdk-cli.version"),
                "synth", "--quiet", "--no-notices", "-c", "assetPath=" + download)
                .directory(checkout.resolve("infra/cdk").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        synth.getOutputStream().close();
        assertTrue(synth.waitFor(10, TimeUnit.MINUTES), "the synth did not end");
        synthExit = synth.exitValue();
        synthOutput = Files.readString(log);
    }

    @Test
    @DisplayName("synth -c assetPath=<a downloaded jar> succeeds in a checkout without the server's modules")
    void synthesizesWithoutTheServer() {
        assertEquals(0, synthExit, synthOutput);
        assertFalse(Files.exists(checkout.resolve("app")), "the checkout holds no server module");
        assertFalse(Files.exists(checkout.resolve("client-gen")), "the checkout holds no client module");
    }

    @Test
    @DisplayName("The function's uploaded asset is the named jar byte for byte, reporting the release's version")
    void assetIsTheDownloadedJar() throws Exception {
        assertEquals(0, synthExit, synthOutput);
        Path out = checkout.resolve("infra/cdk/cdk.out");
        JsonNode template = JSON.readTree(out.resolve("QuantConnectMcp.template.json").toFile());
        List<JsonNode> functions = CdkOut.serverFunctions(template);
        assertEquals(1, functions.size());
        Path asset = out.resolve(functions.get(0).path("Metadata").path("aws:asset:path").asText());
        assertEquals(sha256(download), sha256(asset), asset.toString());
        try (ZipFile jar = new ZipFile(asset.toFile())) {
            ZipEntry build = jar.getEntry("qcmcp-build.properties");
            assertNotNull(build, "the asset reports no version");
            try (InputStream in = jar.getInputStream(build)) {
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("version=" + VERSION));
            }
        }
    }

    /** The Lambda jar as the release workflow builds it for the tag v{@link #VERSION}: the same, with that version. */
    private static void asReleased(Path built, Path released) throws IOException {
        assertTrue(Files.isRegularFile(built), built.toAbsolutePath() + " is missing: the app's package build makes it");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(built));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(released))) {
            boolean versioned = false;
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("qcmcp-build.properties")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .replaceAll("(?m)^version=.*$", "version=" + VERSION).getBytes(StandardCharsets.UTF_8);
                    versioned = true;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
            assertTrue(versioned, "the Lambda jar holds qcmcp-build.properties");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
