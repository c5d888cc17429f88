package io.qcmcp.app.mcp;

import io.qcmcp.app.support.LambdaHandler;
import io.qcmcp.app.support.McpHttp;

import java.util.Map;

class LambdaHandlerBadInputTest extends BadInputBehaviour {

    @Override
    McpHttp start(Map<String, Object> properties) {
        return new LambdaHandler(properties);
    }
}
