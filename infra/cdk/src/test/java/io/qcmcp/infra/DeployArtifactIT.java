package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code the stack uploads, read from what the CDK command line synthesized. Turns red when the stack points
 * at the local-server jar (it holds the Netty server) or at anything that lacks the handler the template names.
 */
class DeployArtifactIT {

    @Test
    @DisplayName("The uploaded asset is the Lambda jar this build made: the handler class and the Micronaut AOT "
            + "classes are in it, the local Netty server is not")
    void assetIsTheLambdaJar() throws IOException, NoSuchAlgorithmException {
        JsonNode function = CdkOut.serverFunction();
        String handler = function.path("Properties").path("Handler").asText();
        assertEquals(QuantConnectMcpStack.HANDLER, handler);
        Path asset = CdkOut.asset(function);
        assertTrue(Files.isRegularFile(asset), "the asset is one file, a jar: " + asset);
        try (ZipFile jar = new ZipFile(asset.toFile())) {
            ZipEntry handlerClass = jar.getEntry(handler.replace('.', '/') + ".class");
            assertNotNull(handlerClass, "the asset lacks the handler class " + handler);
            List<String> netty = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("io/micronaut/http/server/netty/")).limit(3).toList();
            assertEquals(List.of(), netty, "the asset holds the local Netty server");
            assertNotNull(jar.getEntry("io/qcmcp/app/mcp/McpEndpoint.class"), "the asset holds the MCP endpoint");
            ZipEntry aot = jar.getEntry("META-INF/services/io.micronaut.context.ApplicationContextConfigurer");
            assertNotNull(aot, "the asset lacks the Micronaut AOT configurer (app/aot-lambda.properties)");
            try (InputStream in = jar.getInputStream(aot)) {
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .contains("io.qcmcp.app.aot.AOTApplicationContextConfigurer"), "the AOT configurer is not registered");
            }
        }
        Path built = Path.of(StackSettings.DEFAULT_ASSET);
        assertEquals(sha256(built), sha256(asset), "the asset is a copy of " + built + " as this build made it");
    }

    /**
     * The rule for the bean definitions the Lambda context leaves out, one class-name prefix a line (the file says
     * why); the app's build computes the AOT exclusions from the same file.
     */
    private static final Path LEFT_OUT_RULE = Path.of("../../app/aot-lambda-exclusions.txt");

    private static List<String> leftOut() throws IOException {
        List<String> prefixes = Files.readAllLines(LEFT_OUT_RULE, StandardCharsets.UTF_8).stream()
                .map(line -> line.indexOf('#') < 0 ? line : line.substring(0, line.indexOf('#')))
                .map(String::strip)
                .filter(prefix -> !prefix.isEmpty())
                .toList();
        assertFalse(prefixes.isEmpty(), "no prefix in " + LEFT_OUT_RULE);
        return prefixes;
    }

    @Test
    @DisplayName("The uploaded jar's static bean list (Micronaut AOT) names no bean the Lambda context leaves out "
            + "(app/aot-lambda-exclusions.txt), and still names the handler's and ours")
    void leftOutBeansStayOut() throws Exception {
        Path asset = CdkOut.asset(CdkOut.serverFunction());
        try (URLClassLoader jar = new URLClassLoader(new URL[] {asset.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> factory = jar.loadClass("io.qcmcp.app.aot.BeanDefinitionReferenceFactory");
            Method findAll = factory.getMethod("findAll", Predicate.class);
            Predicate<String> all = name -> true;
            List<String> names = ((Stream<?>) findAll.invoke(factory.getConstructor().newInstance(), all))
                    .map(definition -> {
                        try {
                            return (String) definition.getClass().getMethod("getName").invoke(definition);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
            assertTrue(names.contains("io.qcmcp.app.mcp.$McpEndpoint$Definition"), "the list lacks our endpoint");
            assertFalse(names.contains("io.qcmcp.app.mcp.$LocalServerGuard$Definition"),
                    "the local server's connection guard is in the Lambda context");
            assertTrue(names.stream().anyMatch(name -> name.startsWith("io.micronaut.function.aws.proxy.payload1.")),
                    "the list lacks the API Gateway v1 handler's beans");
            List<String> leftOut = leftOut();
            List<String> leftIn = names.stream()
                    .filter(name -> leftOut.stream().anyMatch(name::startsWith))
                    .toList();
            assertEquals(List.of(), leftIn, "the rule " + LEFT_OUT_RULE + " covers these, yet the Lambda context "
                    + "holds them: the build's serviceloading.rejected.impls (target/aot-lambda.properties) missed them");
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
