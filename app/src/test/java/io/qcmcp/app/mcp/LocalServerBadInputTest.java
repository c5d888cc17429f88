package io.qcmcp.app.mcp;

import io.qcmcp.app.support.LocalServer;
import io.qcmcp.app.support.McpHttp;

import java.util.Map;

class LocalServerBadInputTest extends BadInputBehaviour {

    @Override
    McpHttp start(Map<String, Object> properties) {
        return new LocalServer(properties);
    }
}
