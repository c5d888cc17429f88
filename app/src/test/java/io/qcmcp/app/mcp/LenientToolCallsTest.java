package io.qcmcp.app.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.about.BuildInfo;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.SdkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static io.qcmcp.app.support.SdkSession.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ordinary inputs of assistants, sent through the MCP Java SDK's client to the local server: the fake
 * QuantConnect answers only the exact body QuantConnect expects, so each call that succeeds was sent exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LenientToolCallsTest {

    private static final String CODE_SOURCE = ",\"codeSourceId\":\"quant-connect-mcp\"";

    @RegisterExtension
    final WithFakeQuantConnect<SdkSession> setup = WithFakeQuantConnect.sdk(FakeQuantConnect::properties);

    @BeforeEach
    void forget() {
        setup.quantConnect().reset();
    }

    private CallToolResult succeeds(String tool, Map<String, Object> arguments) {
        CallToolResult result = setup.server().call(tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> tool + " " + arguments + ": " + text(result));
        return result;
    }

    @Test
    @DisplayName("create_project takes Python and CSharp (any case) and sends Py and C#")
    void languageAliases() {
        setup.quantConnect().answer("/projects/create", "{\"name\":\"Momentum\",\"language\":\"Py\"}", qc("create_project.json"));
        setup.quantConnect().answer("/projects/create", "{\"name\":\"Momentum\",\"language\":\"C#\"}", qc("create_project.json"));
        for (String language : List.of("Python", "python", "Py", "py", "CSharp", "csharp", "C#")) {
            succeeds("create_project", Map.of("name", "Momentum", "language", language));
        }
        assertEquals(7, setup.quantConnect().requests("/projects/create").size());
    }

    @Test
    @DisplayName("A language that is none of them is refused, naming the choices, the aliases and the value received")
    void unknownLanguage() {
        CallToolResult result = setup.server().call("create_project", Map.of("name", "Momentum", "language", "Ruby"));
        assertTrue(result.isError());
        assertTrue(text(result).endsWith("language must be Py or C# (Python and CSharp work too); got 'Ruby'"),
                text(result));
        assertEquals(0, setup.quantConnect().requestCount());
    }

    @Test
    @DisplayName("What no coercion fits is refused naming the value received, cut when long")
    void preciseRefusals() {
        CallToolResult id = setup.server().call("read_project", Map.of("projectId", "twelve"));
        assertTrue(text(id).endsWith("projectId must be an integer; got 'twelve'"), text(id));
        CallToolResult bound = setup.server().call("read_backtest_orders", Map.of("projectId", 1, "backtestId", "b", "start", 0,
                "end", "0"));
        assertTrue(text(bound).endsWith("end must be at least 1; got 0"), text(bound));
        CallToolResult huge = setup.server().call("create_project", Map.of("name", "M", "language", "R".repeat(100_000)));
        assertTrue(text(huge).length() < 300, text(huge).length() + " characters");
        assertTrue(text(huge).endsWith("got '" + "R".repeat(40) + "...(100000 characters)'"), text(huge));
        CallToolResult settings = setup.server().call("create_live_algorithm", Map.of("projectId", 1, "compileId", "c",
                "nodeId", "n", "versionId", "-1", "brokerage", "id=alpaca password=hunter2"));
        assertTrue(text(settings).endsWith("brokerage must be an object; got a string that is not JSON of one"),
                text(settings));
        assertEquals(0, setup.quantConnect().requestCount());
    }

    @Test
    @DisplayName("create_file without content creates an empty file such as __init__.py")
    void fileWithoutContent() {
        setup.quantConnect().answer("/files/create", "{\"projectId\":2134567,\"name\":\"alpha/__init__.py\"" + CODE_SOURCE + "}",
                qc("create_file.json"));
        CallToolResult result = succeeds("create_file", Map.of("projectId", 2134567, "name", "alpha/__init__.py"));
        assertEquals(true, ((Map<?, ?>) result.structuredContent()).get("success"));
    }

    @Test
    @DisplayName("create_backtest parameters given as numbers are sent as the strings QuantConnect takes")
    void numericParameters() {
        setup.quantConnect().answer("/backtests/create", "{\"projectId\":2134567,\"compileId\":\"c-1\",\"backtestName\":\"Run\","
                + "\"parameters\":{\"fast\":\"10\",\"slow\":\"30.5\",\"long\":\"true\"}}", qc("create_backtest.json"));
        succeeds("create_backtest", Map.of("projectId", 2134567, "compileId", "c-1", "backtestName", "Run",
                "parameters", Map.of("fast", 10, "slow", 30.5, "long", true)));
    }

    @Test
    @DisplayName("Quoted ids and numbers, \"true\", and argument names in another case or snake_case are taken")
    void quotedValues() {
        setup.quantConnect().answer("/projects/read", "{\"projectId\":12345}", qc("read_project.json"));
        succeeds("read_project", Map.of("projectId", "12345"));
        succeeds("read_project", Map.of("project_id", " 12345 "));
        setup.quantConnect().answer("/backtests/list", "{\"projectId\":12345,\"includeStatistics\":true}",
                "{\"backtests\":[],\"success\":true,\"errors\":[]}");
        succeeds("list_backtests", Map.of("ProjectId", 12345.0, "includeStatistics", "true"));
    }

    @Test
    @DisplayName("An object sent as JSON text, and one value where a list is expected, are taken")
    void jsonTextAndSingleValues() {
        setup.quantConnect().answer("/live/commands/create", "{\"projectId\":2134567,\"command\":{\"$type\":\"Buy\","
                + "\"ticker\":\"SPY\"}}", "{\"success\":true,\"errors\":[]}");
        succeeds("create_live_command", Map.of("projectId", 2134567, "command", "{\"$type\":\"Buy\",\"ticker\":\"SPY\"}"));
        setup.quantConnect().answer("/object/get", "{\"organizationId\":\"org-1\",\"keys\":[\"models/a.json\"]}",
                "{\"jobId\":\"job-1\",\"success\":true,\"errors\":[]}");
        succeeds("read_object_store_file_job_id", Map.of("organizationId", "org-1", "keys", "models/a.json"));
    }

    @Test
    @DisplayName("Arguments wrapped as {\"model\": {...}}, as the official server takes them, are unwrapped")
    void modelWrapper() {
        setup.quantConnect().answer("/projects/read", "{\"projectId\":2134567}", qc("read_project.json"));
        succeeds("read_project", Map.of("model", Map.of("projectId", 2134567)));
        setup.quantConnect().answer("/files/create", "{\"projectId\":2134567,\"name\":\"a.py\",\"content\":\"x = 1\"" + CODE_SOURCE
                + "}", qc("create_file.json"));
        succeeds("create_file", Map.of("model", Map.of("projectId", "2134567", "name", "a.py", "content", "x = 1")));
    }

    @Test
    @DisplayName("Tool names of the other QuantConnect servers work, and tools/list does not list them")
    void toolAliases() {
        List<String> listed = setup.server().client().listTools().tools().stream().map(Tool::name).toList();
        // The other servers' names (spec x-mcp-aliases, and read_mcp_server_version's own), by the tool they reach.
        Map<String, String> aliases = Map.of("read_latest_mcp_server_version", "read_mcp_server_version",
                "authorize_connection_step1", "authorize_connection",
                "authorize_connection_step2", "read_connection_authorization");
        for (String alias : aliases.keySet()) {
            assertFalse(listed.contains(alias), alias);
        }
        assertTrue(listed.containsAll(aliases.values()), listed.toString());

        Map<?, ?> version = (Map<?, ?>) succeeds("read_latest_mcp_server_version", Map.of()).structuredContent();
        assertEquals(BuildInfo.NAME, version.get("name"));

        String signIn = "https://auth.example-broker.test/authorize?state=s1";
        setup.quantConnect().answerRedirect("/live/auth0/authorize", signIn);
        setup.quantConnect().answer("/live/auth0/read", "{\"brokerage\":\"alpaca\"}",
                "{\"authorization\":{\"alpaca-access-token\":\"t-1\"},\"success\":true,\"errors\":[]}");
        CallToolResult step1 = succeeds("authorize_connection_step1", Map.of("brokerage", "alpaca"));
        assertEquals(signIn, ((Map<?, ?>) step1.structuredContent()).get("url"));
        succeeds("authorize_connection_step2", Map.of("brokerage", "Alpaca"));
        assertEquals(1, setup.quantConnect().requests("/live/auth0/read").size());
    }

    @Test
    @DisplayName("An unknown tool is refused naming it and the tools it most likely meant")
    void unknownTool() {
        McpError error = assertThrows(McpError.class, () -> setup.server().call("read_projects", Map.of()));
        assertEquals(-32602, error.getJsonRpcError().code());
        assertEquals("Unknown tool 'read_projects'. Did you mean read_project or list_projects? tools/list names all "
                + setup.server().client().listTools().tools().size() + " tools.", error.getJsonRpcError().message());
        String suggested = assertThrows(McpError.class, () -> setup.server().call("get_backtest_orders", Map.of()))
                .getJsonRpcError().message();
        assertTrue(suggested.contains("Did you mean read_backtest_orders?"), suggested);
        assertEquals(0, setup.quantConnect().requestCount());
    }

    @Test
    @DisplayName("With some toolsets only, an unknown name is compared with the visible tools alone, and an alias "
            + "of a hidden tool is refused like the tool")
    void unknownToolWithinToolsets() {
        try (SdkSession narrow = new SdkSession(setup.quantConnect().properties(), Map.of("X-MCP-Toolsets", "account"))) {
            int visible = narrow.tools().size();
            McpError error = assertThrows(McpError.class, () -> narrow.call("read_projects", Map.of()));
            assertEquals("Unknown tool 'read_projects'. tools/list names all " + visible + " tools.",
                    error.getJsonRpcError().message());
            CallToolResult hidden = narrow.call("authorize_connection_step1", Map.of("brokerage", "alpaca"));
            assertTrue(hidden.isError());
            assertTrue(text(hidden).startsWith("authorize_connection is not available here"), text(hidden));
        }
        assertEquals(0, setup.quantConnect().requestCount());
    }

    @Test
    @DisplayName("A 1 MB tool name gets a short answer: the name cut, never echoed whole")
    void hugeToolName() {
        String huge = "read_" + "x".repeat(1_000_000);
        McpError error = assertThrows(McpError.class, () -> setup.server().call(huge, Map.of()));
        String message = error.getJsonRpcError().message();
        assertTrue(message.length() < 200, message.length() + " characters");
        assertTrue(message.startsWith("Unknown tool '" + huge.substring(0, 64) + "...(1000005 characters)'"), message);
        assertTrue(String.valueOf(error.getJsonRpcError().data()).length() < 200, "data stays short");
    }
}
