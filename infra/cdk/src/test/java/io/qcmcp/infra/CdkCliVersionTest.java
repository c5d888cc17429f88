package io.qcmcp.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One CDK command line everywhere: the build's synth (the pom's {@code aws-cdk-cli.version}), the workflows and
 * the commands the READMEs give all run {@code aws-cdk@<that version>}, so a synth here is the synth of a deploy.
 */
class CdkCliVersionTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern CLI = Pattern.compile("aws-cdk@([^\\s\"'`<>)]*)");

    @Test
    @DisplayName("The workflows and the READMEs run the CDK command line at the pom's aws-cdk-cli.version")
    void oneVersion() throws IOException {
        String pinned = System.getProperty("aws-cdk-cli.version", "");
        assertTrue(pinned.matches("\\d+\\.\\d+\\.\\d+"), "the pom passes an exact version, got '" + pinned + "'");
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("infra/cdk/README.md")));
        try (Stream<Path> workflows = Files.list(ROOT.resolve(".github/workflows"))) {
            workflows.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).forEach(files::add);
        }
        List<String> others = new ArrayList<>();
        int found = 0;
        int inWorkflows = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher cli = CLI.matcher(lines.get(i));
                while (cli.find()) {
                    found++;
                    if (file.getParent().endsWith("workflows")) {
                        inWorkflows++;
                    }
                    if (!cli.group(1).equals(pinned)) {
                        others.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + cli.group());
                    }
                }
            }
        }
        assertEquals(List.of(), others, "every aws-cdk@ must be aws-cdk@" + pinned + " (infra/cdk/pom.xml)");
        assertTrue(inWorkflows > 0, "the deploy workflow runs the CDK command line");
        assertFalse(found == inWorkflows, "the READMEs name the CDK command line");
    }
}
