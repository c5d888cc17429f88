package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.qcmcp.app.support.InProcessServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every tool's annotations against a table written from the rules, not from the spec: read-only for reads;
 * destructive for delete, stop, liquidate, abort, whatever trades or spends, and whatever replaces content
 * without undo; idempotent where repeating changes nothing more; open world for whatever may call QuantConnect.
 * Columns: readOnly, destructive, idempotent, openWorld.
 */
class AnnotationTableTest {

    private static final String READ = "T F T T";
    private static final String CREATE = "F F F T";
    private static final String UPDATE = "F F T T";
    private static final String DELETE = "F T T T";
    private static final String SPEND = "F T F T";

    static final Map<String, String> TABLE = Map.ofEntries(
            entry("read_account", READ),
            entry("create_project", CREATE), entry("read_project", READ), entry("list_projects", READ),
            entry("update_project", UPDATE), entry("delete_project", DELETE),
            entry("create_project_collaborator", CREATE), entry("read_project_collaborators", READ),
            entry("update_project_collaborator", UPDATE), entry("delete_project_collaborator", DELETE),
            entry("lock_project_with_collaborators", UPDATE),
            entry("read_project_nodes", READ), entry("update_project_nodes", UPDATE),
            entry("create_file", CREATE), entry("read_file", READ), entry("update_file_name", UPDATE),
            entry("update_file_contents", DELETE), entry("patch_file", CREATE), entry("delete_file", DELETE),
            entry("create_compile", CREATE), entry("read_compile", READ),
            entry("create_backtest", CREATE), entry("read_backtest", READ), entry("read_backtest_reduced", READ),
            entry("backtest_project", CREATE), entry("plot_backtest", READ),
            entry("list_backtests", READ), entry("read_backtest_chart", READ), entry("read_backtest_orders", READ),
            entry("read_backtest_insights", READ), entry("read_backtest_report", READ),
            entry("update_backtest", UPDATE), entry("delete_backtest", DELETE),
            entry("estimate_optimization_time", READ), entry("create_optimization", SPEND),
            entry("read_optimization", READ), entry("list_optimizations", READ),
            entry("update_optimization", UPDATE), entry("abort_optimization", DELETE),
            entry("delete_optimization", DELETE),
            entry("authorize_connection", UPDATE), entry("read_connection_authorization", READ),
            entry("create_live_algorithm", SPEND), entry("read_live_algorithm", READ),
            entry("list_live_algorithms", READ), entry("read_live_chart", READ), entry("read_live_logs", READ),
            entry("read_live_portfolio", READ), entry("read_live_orders", READ), entry("read_live_insights", READ),
            entry("stop_live_algorithm", DELETE), entry("liquidate_live_algorithm", DELETE),
            entry("create_live_command", SPEND), entry("broadcast_live_command", SPEND),
            entry("upload_object", DELETE), entry("read_object_properties", READ),
            entry("read_object_store_file_job_id", "T F F T"), entry("read_object_store_file_download_url", READ),
            entry("list_object_store_files", READ), entry("delete_object", DELETE),
            entry("read_lean_versions", READ),
            entry("check_initialization_errors", READ), entry("complete_code", READ),
            entry("enhance_error_message", READ), entry("update_code_to_pep8", READ), entry("check_syntax", READ),
            entry("search_quantconnect", READ),
            entry("read_mcp_server_version", "T F T F"), entry("read_infra_health", READ));

    @Test
    @DisplayName("Every tool, and only these, with the annotations of the table")
    void annotations() {
        Map<String, String> actual = new TreeMap<>();
        try (InProcessServer server = new InProcessServer(Map.of())) {
            for (JsonNode tool : server.tools()) {
                JsonNode a = tool.get("annotations");
                actual.put(tool.get("name").asText(), flag(a, "readOnlyHint") + " " + flag(a, "destructiveHint") + " "
                        + flag(a, "idempotentHint") + " " + flag(a, "openWorldHint"));
            }
        }
        List<String> problems = new ArrayList<>();
        new TreeSet<>(TABLE.keySet()).forEach(name -> {
            if (!TABLE.get(name).equals(actual.get(name))) {
                problems.add(name + ": expected " + TABLE.get(name) + ", is " + actual.get(name));
            }
        });
        actual.keySet().stream().filter(name -> !TABLE.containsKey(name)).forEach(name -> problems.add(name + ": not in the table"));
        assertEquals(List.of(), problems);
    }

    private static String flag(JsonNode annotations, String hint) {
        return annotations.get(hint).asBoolean() ? "T" : "F";
    }
}
