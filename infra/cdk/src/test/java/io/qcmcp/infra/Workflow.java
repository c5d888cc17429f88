package io.qcmcp.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GitHub Actions workflow of this repository (its only job), read from {@code .github/workflows}, and a way to
 * run its {@code run:} steps here as the runner does: the script as written, {@code ${{ }}} expressions replaced by
 * the values GitHub would give, {@code bash --noprofile --norc -eo pipefail}, the job's and the step's {@code env},
 * {@code GITHUB_ENV} carried to the later steps, and stub commands first on {@code PATH} that record each call.
 */
final class Workflow {

    static final Path DIRECTORY = Path.of("../../.github/workflows");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);

    final String file;
    final JsonNode job;

    private Workflow(String file, JsonNode job) {
        this.file = file;
        this.job = job;
    }

    static Workflow read(String file) {
        try {
            JsonNode jobs = YAML.readTree(DIRECTORY.resolve(file).toFile()).path("jobs");
            if (jobs.size() != 1) {
                throw new IllegalStateException(file + " has " + jobs.size() + " jobs; the test knows one");
            }
            return new Workflow(file, jobs.elements().next());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the steps that run shell, in order. */
    List<String> runSteps() {
        List<String> names = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            if (step.has("run")) {
                names.add(step.path("name").asText("(unnamed step: " + step.path("run").asText() + ")"));
            }
        }
        return names;
    }

    JsonNode step(String name) {
        for (JsonNode step : job.path("steps")) {
            if (name.equals(step.path("name").asText()) && step.has("run")) {
                return step;
            }
        }
        throw new AssertionError(file + " has no run step named '" + name + "'");
    }

    /** The job's env, with its expressions evaluated in {@code context}. */
    Map<String, String> jobEnv(Map<String, Object> context) {
        return env(job.path("env"), context);
    }

    private static Map<String, String> env(JsonNode env, Map<String, Object> context) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), substitute(entry.getValue().asText(), context));
        }
        return values;
    }

    /** {@code text} with each {@code ${{ expression }}} replaced by its value. */
    static String substitute(String text, Map<String, Object> context) {
        Matcher matcher = EXPRESSION.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(
                    String.valueOf(evaluate(matcher.group(1), context))));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /**
     * The value of a GitHub expression, for the forms these workflows use and no others: context values
     * ({@code github.ref_name}, {@code inputs.deployment}, ...; only those {@code context} holds), 'string'
     * literals, {@code ==} (case-insensitive on strings, as GitHub compares), {@code &&} and {@code ||} (which give
     * an operand, not a boolean) and {@code format()}. Anything else throws, so a new form cannot pass unseen.
     */
    static Object evaluate(String expression, Map<String, Object> context) {
        Expression parser = new Expression(expression, context);
        Object value = parser.or();
        parser.skipSpaces();
        if (parser.at < expression.length()) {
            throw parser.unknown();
        }
        return value;
    }

    static boolean truthy(Object value) {
        return !(value == null || Boolean.FALSE.equals(value) || "".equals(value));
    }

    /** A tiny recursive-descent reader of the expression forms above. */
    private static final class Expression {
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");
        private final String text;
        private final Map<String, Object> context;
        private int at;

        Expression(String text, Map<String, Object> context) {
            this.text = text;
            this.context = context;
        }

        Object or() {
            Object left = and();
            while (take("||")) {
                Object right = and();
                left = truthy(left) ? left : right;
            }
            return left;
        }

        Object and() {
            Object left = equality();
            while (take("&&")) {
                Object right = equality();
                left = truthy(left) ? right : left;
            }
            return left;
        }

        Object equality() {
            Object left = primary();
            if (take("==")) {
                Object right = primary();
                if (!(left instanceof String l && right instanceof String r)) {
                    throw new IllegalArgumentException("the test compares strings only: " + text);
                }
                return l.equalsIgnoreCase(r);
            }
            return left;
        }

        Object primary() {
            skipSpaces();
            if (take("'")) {
                StringBuilder literal = new StringBuilder();
                while (true) {
                    if (at >= text.length()) {
                        throw unknown();
                    }
                    char c = text.charAt(at++);
                    if (c == '\'') {
                        if (at < text.length() && text.charAt(at) == '\'') {
                            literal.append('\'');
                            at++;
                        } else {
                            return literal.toString();
                        }
                    } else {
                        literal.append(c);
                    }
                }
            }
            Matcher name = NAME.matcher(text).region(at, text.length());
            if (!name.lookingAt()) {
                throw unknown();
            }
            at = name.end();
            String found = name.group();
            if (take("(")) {
                if (!found.equals("format")) {
                    throw unknown();
                }
                List<Object> arguments = new ArrayList<>();
                do {
                    arguments.add(or());
                } while (take(","));
                if (!take(")")) {
                    throw unknown();
                }
                String result = String.valueOf(arguments.get(0));
                for (int i = 1; i < arguments.size(); i++) {
                    result = result.replace("{" + (i - 1) + "}", String.valueOf(arguments.get(i)));
                }
                return result;
            }
            if (!context.containsKey(found)) {
                throw new IllegalArgumentException("the test gives no value for " + found + " (in ${{" + text
                        + "}}): add it to the test's context if GitHub gives one");
            }
            return context.get(found);
        }

        boolean take(String token) {
            skipSpaces();
            if (text.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        IllegalArgumentException unknown() {
            return new IllegalArgumentException("an expression form the test does not know, at " + at + " of ${{"
                    + text + "}}");
        }
    }

    /** What a step printed (stdout and stderr together), its exit code and what it wrote to GITHUB_ENV. */
    record Result(boolean skipped, int exit, String output, Map<String, String> written) {

        boolean succeeded() {
            return !skipped && exit == 0;
        }

        List<String> errors() {
            return output.lines().filter(line -> line.startsWith("::error::")).toList();
        }
    }

    /** One call of a stub command. */
    record Call(List<String> args, String stdin, String cwd, Map<String, String> env) {
    }

    /** One run of the job: a workspace (the checkout), the context of its expressions, stubs and GITHUB_ENV. */
    final class Run {

        final Path workspace;
        final Map<String, Object> context;
        final Map<String, String> githubEnv = new LinkedHashMap<>();
        private final Path bin;
        private final Path calls;
        private int steps;

        Run(Path temp, Map<String, Object> context) throws IOException {
            this.workspace = Files.createDirectories(temp.resolve("workspace"));
            this.bin = Files.createDirectories(temp.resolve("stubs"));
            this.calls = Files.createDirectories(temp.resolve("calls"));
            this.context = context;
            for (String command : List.of("mvn", "docker", "gh", "aws", "npx")) {
                stub(command, "exit 0");
            }
        }

        /**
         * Puts a stub {@code command} first on PATH: it records its arguments, standard input, working directory
         * and environment, then runs {@code body} (bash, with the arguments in "$@").
         */
        void stub(String command, String body) throws IOException {
            Path script = bin.resolve(command);
            Files.writeString(script, "#!/usr/bin/env bash\n"
                    + "set -euo pipefail\n"
                    + "stdin=$(cat)\n"
                    + "jq -nc --arg stdin \"$stdin\" --arg cwd \"$PWD\" "
                    + "'{args: $ARGS.positional, stdin: $stdin, cwd: $cwd, env: $ENV}' --args -- \"$@\" >> '"
                    + calls.resolve(command + ".jsonl") + "'\n"
                    + body + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        /** Takes the stub {@code command} away, so that the real one runs. */
        void unstub(String command) throws IOException {
            Files.delete(bin.resolve(command));
        }

        /** The calls of stub {@code command} so far. */
        List<Call> calls(String command) throws IOException {
            Path log = calls.resolve(command + ".jsonl");
            List<Call> found = new ArrayList<>();
            if (!Files.exists(log)) {
                return found;
            }
            for (String line : Files.readAllLines(log)) {
                JsonNode call = JSON.readTree(line);
                List<String> args = new ArrayList<>();
                call.path("args").forEach(arg -> args.add(arg.asText()));
                if (!args.isEmpty() && args.get(0).equals("--")) {
                    args.remove(0);
                }
                Map<String, String> env = new LinkedHashMap<>();
                call.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                found.add(new Call(args, call.path("stdin").asText(), call.path("cwd").asText(), env));
            }
            return found;
        }

        /** Runs the step as the runner would, after the steps run before it in this Run. */
        Result step(String name) throws IOException, InterruptedException {
            JsonNode step = Workflow.this.step(name);
            if (step.has("if") && !truthy(evaluate(unwrap(step.path("if").asText()), context))) {
                return new Result(true, 0, "", Map.of());
            }
            int number = ++steps;
            Path script = bin.getParent().resolve("step-" + number + ".sh");
            Files.writeString(script, substitute(step.path("run").asText(), context));
            Path envFile = bin.getParent().resolve("github-env-" + number);
            Files.writeString(envFile, "");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
            env.put("HOME", System.getProperty("user.home"));
            env.put("GITHUB_ENV", envFile.toString());
            env.put("GITHUB_WORKSPACE", workspace.toString());
            env.put("CI", "true");
            env.putAll(githubEnv);
            env.putAll(jobEnv(context));
            env.putAll(Workflow.env(step.path("env"), context));
            Path directory = workspace.resolve(substitute(step.path("working-directory").asText("."), context));
            ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail",
                    script.toString()).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the step '" + name + "' did not end in 120 s");
            }
            Map<String, String> written = new LinkedHashMap<>();
            for (String line : Files.readAllLines(envFile)) {
                int equals = line.indexOf('=');
                if (line.contains("<<") && (equals < 0 || line.indexOf("<<") < equals)) {
                    throw new IllegalStateException("the test does not read GITHUB_ENV's NAME<<DELIMITER form: "
                            + line);
                }
                if (equals <= 0) {
                    throw new IllegalStateException("GITHUB_ENV line without NAME=: " + line);
                }
                written.put(line.substring(0, equals), line.substring(equals + 1));
            }
            githubEnv.putAll(written);
            return new Result(false, process.exitValue(), new String(output, StandardCharsets.UTF_8), written);
        }

        private static String unwrap(String condition) {
            Matcher whole = Pattern.compile("^\\s*\\$\\{\\{(.*)}}\\s*$", Pattern.DOTALL).matcher(condition);
            return whole.matches() ? whole.group(1) : condition;
        }
    }
}
