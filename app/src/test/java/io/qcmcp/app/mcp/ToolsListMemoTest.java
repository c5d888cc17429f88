package io.qcmcp.app.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.qcmcp.app.tools.ToolRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tools/list is written once per selection of toolsets and kept: the answer is the registry's list for the
 * selection, written as the SDK writes its own tools/list (byte for byte, for every tool), each later answer is the
 * same with the request's own id, and the number kept stays bounded whatever headers clients send.
 */
class ToolsListMemoTest {

    private ApplicationContext context;
    private McpEndpoint endpoint;

    @BeforeEach
    void start() {
        context = ApplicationContext.run(Map.of(), "test");
        endpoint = context.getBean(McpEndpoint.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private String toolsList(String id, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("content-type", "application/json");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
        McpReply reply = endpoint.handle(new McpRequest("POST", all, body.getBytes(StandardCharsets.UTF_8),
                "memo-test", null));
        assertEquals(200, reply.status());
        return reply.body();
    }

    @Test
    @DisplayName("A kept tools/list is byte for byte the SDK's answer, per selection, with each request's id")
    void keptAnswerIsTheSdksAnswer() throws Exception {
        ObjectMapper json = context.getBean(ObjectMapper.class);
        JSONRPCResponse sdkAnswer = context.getBean(McpStatelessServerHandler.class).handleRequest(
                McpTransportContext.EMPTY, new JSONRPCRequest("2.0", McpSchema.METHOD_TOOLS_LIST, 7, null)).block();
        String sdks = json.writeValueAsString(sdkAnswer);

        String first = toolsList("7", Map.of());
        assertEquals(sdks, first, "every tool, as the SDK's own tools/list writes them");
        assertEquals(1, endpoint.keptToolLists());
        assertEquals(first, toolsList("7", Map.of()));
        assertEquals(first.replace("\"id\":7", "\"id\":\"a \\\"quoted\\\" id\""),
                toolsList("\"a \\\"quoted\\\" id\"", Map.of()));

        Map<String, String> readOnly = Map.of(ToolRegistry.READ_ONLY_HEADER, "true");
        String firstReadOnly = toolsList("8", readOnly);
        ToolRegistry registry = context.getBean(ToolRegistry.class);
        assertEquals(json.writeValueAsString(JSONRPCResponse.result(8, new ListToolsResult(
                registry.list(registry.select(null, "true")), null, null))), firstReadOnly);
        assertNotEquals(first.replace("\"id\":7", "\"id\":8"), firstReadOnly);
        assertEquals(2, endpoint.keptToolLists());
        assertEquals(firstReadOnly, toolsList("8", readOnly));
        assertTrue(firstReadOnly.length() < first.length());
    }

    @Test
    @DisplayName("At most 16 selections are kept; the others are written each time, the same way")
    void boundedWhateverTheHeaders() {
        List<String> toolsets = new ArrayList<>(context.getBean(ToolRegistry.class).toolsets());
        List<Map<String, String>> selections = new ArrayList<>();
        for (int i = 0; i < toolsets.size(); i++) {
            for (int j = i + 1; j < toolsets.size(); j++) {
                selections.add(Map.of(ToolRegistry.TOOLSETS_HEADER, toolsets.get(i) + "," + toolsets.get(j)));
            }
        }
        assertTrue(selections.size() > McpEndpoint.MAX_KEPT_TOOL_LISTS);
        List<String> firstAnswers = new ArrayList<>();
        for (Map<String, String> selection : selections) {
            firstAnswers.add(toolsList("1", selection));
        }
        assertEquals(McpEndpoint.MAX_KEPT_TOOL_LISTS, endpoint.keptToolLists());
        for (int i = 0; i < selections.size(); i++) {
            assertEquals(firstAnswers.get(i), toolsList("1", selections.get(i)), selections.get(i).toString());
        }
        assertEquals(McpEndpoint.MAX_KEPT_TOOL_LISTS, endpoint.keptToolLists());
    }
}
