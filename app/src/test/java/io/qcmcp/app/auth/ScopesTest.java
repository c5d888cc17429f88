package io.qcmcp.app.auth;

import io.qcmcp.app.tools.Access;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScopesTest {

    @Test
    @DisplayName("A scope counts bare or with exactly the configured prefix, never another; they add up")
    void prefixes() {
        Scopes cognito = new Scopes("quant-connect-mcp");
        assertEquals(EnumSet.of(Access.READ, Access.LIVE), cognito.granted(List.of("quant-connect-mcp/quantconnect.read",
                "quantconnect.live", "other/quantconnect.write", "quant-connect-mcpquantconnect.write")));
        assertEquals(Set.of(), new Scopes(null).granted(List.of("x/quantconnect.read", "openid")));
        assertEquals(List.of("quant-connect-mcp/quantconnect.read", "quant-connect-mcp/quantconnect.live"),
                new Scopes("quant-connect-mcp/").spelled(EnumSet.of(Access.LIVE, Access.READ)));
        assertEquals("quantconnect.write", new Scopes(" ").spelled(Access.WRITE));
    }
}
