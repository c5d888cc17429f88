package io.qcmcp.app.tools.server;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.qcmcp.app.tools.ToolResults;
import io.qcmcp.app.tools.Waiting;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.Operation;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.QuantConnectResponse.Success;
import io.qcmcp.client.Wait;
import io.qcmcp.client.generated.api.BacktestsApi;
import io.qcmcp.client.generated.api.CompileApi;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backtest_project}: the backtest loop in one call. It compiles the project (or takes a compile from an
 * earlier call), waits for the build, starts the backtest and waits for it, then answers the reduced result:
 * statistics, runtime statistics and a short equity summary with the ids, far smaller than read_backtest. A
 * build error is an {@code isError} result with the compiler's errors as {@code file:line: message} lines, a
 * runtime error one with the error and its stack trace. When the wait is over first, the answer gives the ids,
 * the progress and the exact next call. The wait ({@code waitSeconds}, by default all the time the request has)
 * never outlasts the request's deadline, which on Lambda is the invocation's remaining time.
 */
@Singleton
record BacktestProject(QuantConnectClient client, BacktestCharts charts, ToolResults results, Waiting waiting)
        implements BacktestsTool {

    static final String NAME = "backtest_project";
    /** Points of the equity chart read for the summary. */
    static final int EQUITY_POINTS = 100;
    static final int EQUITY_SAMPLES = 12;
    /** Time a chart read needs; with less left, the summary is skipped rather than the answer late. */
    static final Duration CHART_READ = Duration.ofSeconds(1);
    private static final int STACK_TRACE_CHARS = 4000;
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Each call starts a backtest. */
    @Override
    public String metric() {
        return "QuantConnect.Backtests.Started";
    }

    @Override
    public SyncToolSpecification specification() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("projectId", Tools.property("integer", "Project id."));
        properties.put("backtestName", Tools.property("string",
                "Name of the backtest; made up from the time when absent."));
        properties.put("parameters", BacktestsApi.CREATE_BACKTEST.input().properties().get("parameters").toInputSchema());
        properties.put("compileId", Tools.property("string",
                "A compile from an earlier answer, to wait for or use instead of compiling again."));
        properties.put(Waiting.ARGUMENT, Waiting.argumentSchema("the build and the backtest (default: all of it)"));
        McpSchema.Tool tool = McpSchema.Tool.builder(NAME, Tools.object(properties, List.of("projectId")))
                .title("Compile and backtest")
                .description("Compile a project, run a backtest and wait for it, in one call. Answers statistics and "
                        + "an equity summary; build errors as file:line: message; if time runs out, the ids, "
                        + "progress and the exact next call.")
                .annotations(new McpSchema.ToolAnnotations(null, false, false, false, true, null))
                .build();
        return Tools.withDeadline(tool, this::run);
    }

    CallToolResult run(Map<String, Object> arguments, Deadline request) {
        Object projectId = arguments.get("projectId");
        Object seconds = arguments.get(Waiting.ARGUMENT);
        Deadline end = Waiting.end(seconds, request.remaining(), request);
        Deadline deadline = Waiting.readDeadline(seconds, end, request);
        Object compileId = arguments.get("compileId");

        Operation first = compileId == null ? CompileApi.CREATE_COMPILE : CompileApi.READ_COMPILE;
        QuantConnectResponse build = client.call(first, compileId == null ? Map.of("projectId", projectId)
                : Map.of("projectId", projectId, "compileId", compileId), deadline);
        if (!(build instanceof Success created)) {
            return results.from(first.name(), build);
        }
        if (compileId == null) {
            compileId = created.body().get("compileId");
            if (compileId == null) {
                return ToolResults.error("QuantConnect started no compile for project " + projectId + ".");
            }
        }
        Map<String, Object> compileRead = Map.of("projectId", projectId, "compileId", compileId);
        if (!CompileApi.READ_COMPILE.waitFor().settled(created.body())) {
            build = waiting.until(CompileApi.READ_COMPILE.waitFor(),
                    () -> client.call(CompileApi.READ_COMPILE, compileRead, deadline), end);
            if (!(build instanceof Success)) {
                return results.from(CompileApi.READ_COMPILE.name(), build);
            }
        }
        Map<String, Object> compiled = ((Success) build).body();
        Object state = compiled.get("state");
        if ("BuildError".equals(state)) {
            return buildError(projectId, compileId, compiled);
        }
        if (!"BuildSuccess".equals(state)) {
            Map<String, Object> next = new LinkedHashMap<>(arguments);
            next.put("compileId", compileId);
            next.put(Waiting.ARGUMENT, Waiting.NEXT_WAIT_SECONDS);
            return pending(ids(projectId, compileId, null), "compile state " + state, NAME, next);
        }
        return backtest(arguments, projectId, compileId, end, deadline);
    }

    private CallToolResult backtest(Map<String, Object> arguments, Object projectId, Object compileId, Deadline end,
                                    Deadline deadline) {
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("projectId", projectId);
        create.put("compileId", compileId);
        create.put("backtestName", arguments.get("backtestName") instanceof String name && !name.isBlank() ? name
                : "MCP " + LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIME));
        if (arguments.get("parameters") != null) {
            create.put("parameters", arguments.get("parameters"));
        }
        QuantConnectResponse started = client.call(BacktestsApi.CREATE_BACKTEST, create, deadline);
        Object backtestId = started instanceof Success success && success.body().get("backtest") instanceof Map<?, ?> b
                ? b.get("backtestId") : null;
        if (backtestId == null) {
            String why = started instanceof Success ? "QuantConnect started no backtest."
                    : describe(BacktestsApi.CREATE_BACKTEST.name(), started);
            return ToolResults.error(why + " The build succeeded (compileId " + compileId + "): call " + NAME
                    + " with that compileId to try again without compiling.");
        }
        Map<String, Object> read = Map.of("projectId", projectId, "backtestId", backtestId);
        Wait done = BacktestsApi.READ_BACKTEST.waitFor();
        QuantConnectResponse response = waiting.until(done,
                () -> client.call(BacktestsApi.READ_BACKTEST, read, deadline), end);
        if (!(response instanceof Success success) || !(success.body().get("backtest") instanceof Map<?, ?> backtest)) {
            return ToolResults.error(describe(BacktestsApi.READ_BACKTEST.name(), response) + " The backtest "
                    + backtestId + " was started: follow it with read_backtest_reduced.");
        }
        Map<String, Object> ids = ids(projectId, compileId, backtestId);
        if (failed(backtest)) {
            return runtimeError(ids, backtest);
        }
        if (!done.settled(success.body())) {
            ids.put("status", backtest.get("status"));
            ids.put("progress", backtest.get("progress"));
            Map<String, Object> next = new LinkedHashMap<>(read);
            next.put(Waiting.ARGUMENT, Waiting.NEXT_WAIT_SECONDS);
            return pending(ids, Boolean.TRUE.equals(backtest.get("completed"))
                    ? "the backtest has completed; QuantConnect is still filling in its results"
                    : "backtest " + backtest.get("status"), "read_backtest_reduced", next);
        }
        return finished(ids, backtest, deadline);
    }

    private CallToolResult finished(Map<String, Object> ids, Map<?, ?> backtest, Deadline deadline) {
        Map<String, Object> body = new LinkedHashMap<>(ids);
        for (String key : List.of("name", "status", "backtestStart", "backtestEnd", "statistics", "runtimeStatistics")) {
            body.put(key, backtest.get(key));
        }
        if (backtest.get("parameterSet") instanceof Map<?, ?> parameters && !parameters.isEmpty()) {
            body.put("parameterSet", parameters);
        }
        body.put("equity", equity(ids, backtest, deadline));
        return results.from(NAME, new Success(body));
    }

    private Object equity(Map<String, Object> ids, Map<?, ?> backtest, Deadline deadline) {
        if (deadline.allows(CHART_READ)) {
            QuantConnectResponse chart = charts.equity(ids.get("projectId"), ids.get("backtestId"), backtest,
                    EQUITY_POINTS, deadline.after(deadline.remaining().minus(CHART_READ)), deadline);
            if (chart instanceof Success success) {
                var missing = EquityCurve.missing(success.body());
                if (missing.isPresent()) {
                    return Map.of("note", "No equity summary: " + missing.get() + ".");
                }
                var curve = EquityCurve.of(success.body());
                if (curve.isPresent()) {
                    return curve.get().summary(EQUITY_SAMPLES);
                }
            }
        }
        return Map.of("note", "The equity chart was not ready in time; plot_backtest draws it.");
    }

    private static boolean failed(Map<?, ?> backtest) {
        return backtest.get("error") instanceof String error && !error.isBlank()
                || backtest.get("stacktrace") instanceof String trace && !trace.isBlank()
                || Boolean.TRUE.equals(backtest.get("hasInitializeError"))
                || String.valueOf(backtest.get("status")).toLowerCase(java.util.Locale.ROOT).contains("error");
    }

    private CallToolResult buildError(Object projectId, Object compileId, Map<String, Object> compiled) {
        List<?> logs = compiled.get("logs") instanceof List<?> list ? list : List.of();
        List<String> errors = BuildErrors.lines(logs);
        if (errors.isEmpty()) {
            errors = logs.stream().map(String::valueOf).toList();
        }
        Map<String, Object> body = ids(projectId, compileId, null);
        body.put("state", "BuildError");
        body.put("errors", errors);
        String text = "Build failed for project " + projectId + " (compileId " + compileId + "):\n"
                + String.join("\n", errors) + "\nFix the code (read_file, patch_file) and call " + NAME + " again.";
        return failure(text, body);
    }

    private CallToolResult runtimeError(Map<String, Object> ids, Map<?, ?> backtest) {
        Map<String, Object> body = new LinkedHashMap<>(ids);
        body.put("status", backtest.get("status"));
        body.put("error", backtest.get("error"));
        String trace = backtest.get("stacktrace") instanceof String s ? s : "";
        if (trace.length() > STACK_TRACE_CHARS) {
            trace = trace.substring(0, STACK_TRACE_CHARS) + "\n...";
        }
        body.put("stacktrace", trace);
        String text = "Backtest " + ids.get("backtestId") + " (compileId " + ids.get("compileId") + ") stopped: "
                + backtest.get("status") + "\n" + (backtest.get("error") == null ? "" : backtest.get("error") + "\n")
                + trace;
        return failure(text.strip(), body);
    }

    /** The answer when the wait is over before the work: the ids, how far it got, and the call to make next. */
    private CallToolResult pending(Map<String, Object> ids, String where, String tool, Map<String, Object> arguments) {
        Map<String, Object> body = new LinkedHashMap<>(ids);
        body.put("completed", false);
        body.put("note", "Not finished (" + where + ") when this call's time was up. Make nextCall to wait for "
                + "the result.");
        body.put("nextCall", Map.of("tool", tool, "arguments", arguments));
        return results.success(body);
    }

    private static String describe(String step, QuantConnectResponse response) {
        if (response instanceof QuantConnectResponse.Rejected rejected) {
            return "QuantConnect refused " + step + ": " + String.join("; ", rejected.errors()) + ".";
        }
        if (response instanceof QuantConnectResponse.Failed failed) {
            return failed.message();
        }
        if (response instanceof QuantConnectResponse.TooLarge tooLarge) {
            return tooLarge.message();
        }
        return "QuantConnect's answer to " + step + " lacks the backtest.";
    }

    private static Map<String, Object> ids(Object projectId, Object compileId, Object backtestId) {
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("projectId", projectId);
        ids.put("compileId", compileId);
        if (backtestId != null) {
            ids.put("backtestId", backtestId);
        }
        return ids;
    }

    private static CallToolResult failure(String text, Map<String, Object> body) {
        return CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(null, text, null)))
                .structuredContent(body)
                .isError(true)
                .build();
    }
}
