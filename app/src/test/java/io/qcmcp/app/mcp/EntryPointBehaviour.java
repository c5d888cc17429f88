package io.qcmcp.app.mcp;

import io.qcmcp.app.support.McpHttp;
import io.qcmcp.app.support.WithFakeQuantConnect;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * Behaviour every MCP entry point must show over HTTP: a subclass starts one entry point (the local server or the
 * Lambda handler) on the properties of a fake QuantConnect, once for the test class, and the same tests run on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EntryPointBehaviour {

    @RegisterExtension
    final WithFakeQuantConnect<McpHttp> setup = WithFakeQuantConnect.of(quantConnect -> start(quantConnect.properties()));

    abstract McpHttp start(Map<String, Object> properties);
}
