package io.qcmcp.app.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A folder of src/test/node holding a Node.js client of the server (the MCP TypeScript SDK), its packages installed
 * from the committed lock file, which records no registry addresses.
 */
public final class NodeFolder {

    private final Path folder;

    /** @param name the folder under src/test/node */
    public NodeFolder(String name) {
        this.folder = Path.of(System.getProperty("basedir", "."), "src", "test", "node", name);
    }

    /** Whether {@code node} runs here (the tests that need it are skipped otherwise). */
    public static boolean nodeInstalled() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code npm ci} from the committed lock file when the packages are not there yet. */
    public void installPackages() {
        if (Files.isDirectory(folder.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
            return;
        }
        String printed = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--omit-lockfile-registry-resolved"),
                Map.of(), 300);
        assertTrue(Files.isDirectory(folder.resolve("node_modules").resolve("@modelcontextprotocol")),
                "npm ci printed:\n" + printed);
    }

    /** Runs {@code command} in the folder; its output (stdout and stderr), or a failure naming it. */
    public String run(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException ignored) {
                    // the process was ended
                }
            });
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                reader.join(5_000);
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; it printed:\n"
                        + output.toString(StandardCharsets.UTF_8));
            }
            reader.join(5_000);
            return output.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
