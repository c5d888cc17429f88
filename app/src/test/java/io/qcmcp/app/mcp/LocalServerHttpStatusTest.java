package io.qcmcp.app.mcp;

import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;

import java.util.Map;

class LocalServerHttpStatusTest extends HttpStatusBehaviour {

    @Override
    McpHttp start(Map<String, Object> properties) {
        return new LocalServer(properties);
    }
}
