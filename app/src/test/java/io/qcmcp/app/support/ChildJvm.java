package io.qcmcp.app.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a class's {@code main} in a new JVM on the test class path, for what one JVM cannot show. */
public final class ChildJvm {

    private static final long TIMEOUT_SECONDS = 60;

    private ChildJvm() {
    }

    /**
     * How a child JVM ended.
     *
     * @param exitCode its exit code
     * @param output everything it wrote, standard output and error together
     */
    public record Result(int exitCode, String output) {
    }

    /**
     * @param environment variables set for the child, beside the inherited ones
     * @return everything the child wrote, standard output and error together
     */
    public static String run(Class<?> main, Map<String, String> environment, String... jvmOptions)
            throws IOException, InterruptedException {
        Result result = exec(main, environment, jvmOptions);
        if (result.exitCode() != 0) {
            String output = result.output();
            throw new IllegalStateException("The child JVM failed: "
                    + (output.length() > 2000 ? output.substring(output.length() - 2000) : output));
        }
        return result.output();
    }

    /**
     * Runs the child to its end, whatever its exit code; a child still running after a minute is killed (exit
     * code -1).
     *
     * @param environment variables set for the child, beside the inherited ones
     */
    public static Result exec(Class<?> main, Map<String, String> environment, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(main.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process child = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = child.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "child-jvm-output");
        reader.start();
        boolean ended = child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(ended ? child.exitValue() : -1, text);
    }
}
