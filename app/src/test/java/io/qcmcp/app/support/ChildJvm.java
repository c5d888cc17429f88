package io.qcmcp.app.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a test class's {@code main} in a new JVM on the test class path, for what one JVM cannot show. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * @param environment variables set for the child, beside the inherited ones
     * @return everything the child wrote, standard output and error together
     */
    public static String run(Class<?> main, Map<String, String> environment, String... jvmOptions)
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
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new IllegalStateException("The child JVM failed: "
                    + (output.length() > 2000 ? output.substring(output.length() - 2000) : output));
        }
        return output;
    }
}
