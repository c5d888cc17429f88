import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes the Micronaut AOT settings of the Lambda artifact (app/pom.xml, execution lambda-aot-config): the settings
 * of app/aot-lambda.properties, plus serviceloading.rejected.impls, every bean definition on the Lambda classpath
 * whose class name starts with a prefix of app/aot-lambda-exclusions.txt. A prefix that matches no definition
 * fails the build, so the rule cannot outlive what it names; infra's DeployArtifactIT checks the jar against the
 * same file.
 *
 * <p>Run by the build as a single-file program: {@code java LambdaAotConfig.java settings rules output list
 * classpath}.
 */
public final class LambdaAotConfig {

    /** Where Micronaut 4 lists a jar's bean definitions, one empty entry per class. */
    private static final String REFERENCES = "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/";
    private static final String PROPERTY = "serviceloading.rejected.impls";

    private LambdaAotConfig() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: LambdaAotConfig settings rules output list classpath");
        }
        String settings = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        if (settings.lines().anyMatch(line -> line.startsWith(PROPERTY))) {
            throw new IllegalStateException(args[0] + " sets " + PROPERTY + ": the build computes it from " + args[1]);
        }
        List<String> prefixes = prefixes(Path.of(args[1]));
        TreeSet<String> definitions = new TreeSet<>();
        for (String entry : args[4].split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                definitions.addAll(definitions(Path.of(entry)));
            }
        }
        Map<String, List<String>> byPrefix = new TreeMap<>();
        TreeSet<String> excluded = new TreeSet<>();
        for (String prefix : prefixes) {
            List<String> matched = definitions.stream().filter(name -> name.startsWith(prefix)).toList();
            byPrefix.put(prefix, matched);
            excluded.addAll(matched);
        }
        List<String> unmatched = byPrefix.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (!unmatched.isEmpty()) {
            throw new IllegalStateException("these prefixes of " + args[1] + " match no bean definition on the Lambda "
                    + "classpath (" + definitions.size() + " definitions read): " + unmatched
                    + "; correct or remove them");
        }
        String output = settings + (settings.endsWith("\n") ? "" : "\n") + "\n# Computed by the build from "
                + Path.of(args[1]).getFileName() + " (" + excluded.size() + " of " + definitions.size()
                + " bean definitions).\n" + PROPERTY + "=" + String.join(",\\\n  ", excluded) + "\n";
        Files.createDirectories(Path.of(args[2]).toAbsolutePath().getParent());
        Files.writeString(Path.of(args[2]), output, StandardCharsets.UTF_8);
        Files.write(Path.of(args[3]), excluded, StandardCharsets.UTF_8);
        System.out.println("Lambda context: " + excluded.size() + " of " + definitions.size()
                + " bean definitions left out by " + prefixes.size() + " prefixes (" + args[3] + ")");
    }

    /** The rule's lines, without comments (from '#') and blank lines. */
    static List<String> prefixes(Path rules) throws IOException {
        List<String> prefixes = new ArrayList<>();
        for (String line : Files.readAllLines(rules, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            String prefix = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!prefix.isEmpty()) {
                prefixes.add(prefix);
            }
        }
        return prefixes;
    }

    private static List<String> definitions(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            Path listing = entry.resolve(REFERENCES);
            if (!Files.isDirectory(listing)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(listing)) {
                return files.map(file -> file.getFileName().toString()).toList();
            }
        }
        if (!Files.isRegularFile(entry)) {
            return List.of();
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(REFERENCES) && name.length() > REFERENCES.length()
                            && !name.endsWith("/"))
                    .map(name -> name.substring(REFERENCES.length()))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
