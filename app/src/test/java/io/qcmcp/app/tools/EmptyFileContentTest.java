package io.qcmcp.app.tools;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.qcmcp.app.support.FakeQuantConnect;
import io.qcmcp.app.support.SdkSession;
import io.qcmcp.app.support.WithFakeQuantConnect;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.qcmcp.app.support.Fixtures.qc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuantConnect refuses {@code content: ""} on create and update, and creates an empty file when content is
 * omitted (its own tests, tests/test_files.py): create_file drops an empty content, update_file_contents refuses
 * one before calling QuantConnect. Both say so in their schema ({@code minLength: 1}).
 */
class EmptyFileContentTest {

    @RegisterExtension
    static final WithFakeQuantConnect<SdkSession> SETUP = WithFakeQuantConnect.sdk(FakeQuantConnect::properties);

    @Test
    @DisplayName("create_file with content \"\" creates an empty file: the content is not sent")
    void createDropsEmptyContent() {
        SETUP.quantConnect().answer("/files/create", "{\"projectId\":501,\"name\":\"alpha/__init__.py\","
                + "\"codeSourceId\":\"quant-connect-mcp\"}", qc("create_file.json"));
        CallToolResult result = SETUP.server().call("create_file", Map.of("projectId", 501,
                "name", "alpha/__init__.py", "content", ""));
        assertFalse(result.isError(), SdkSession.text(result));
    }

    @Test
    @DisplayName("update_file_contents with content \"\" is refused with a clear message, and QuantConnect is not called")
    void updateRefusesEmptyContent() {
        int before = SETUP.quantConnect().requests("/files/update").size();
        CallToolResult result = SETUP.server().call("update_file_contents", Map.of("projectId", 502,
                "name", "main.py", "content", ""));
        assertTrue(result.isError());
        assertTrue(SdkSession.text(result).contains("content must not be empty"), SdkSession.text(result));
        assertEquals(before, SETUP.quantConnect().requests("/files/update").size());
    }

    @Test
    @DisplayName("Both tools' schemas say content may not be empty")
    void schemasSaySo() {
        for (Tool tool : SETUP.server().tools()) {
            if (tool.name().equals("create_file") || tool.name().equals("update_file_contents")) {
                Map<?, ?> content = (Map<?, ?>) ((Map<?, ?>) tool.inputSchema().get("properties")).get("content");
                assertEquals(1, content.get("minLength"), tool.name());
            }
        }
    }
}
