package io.qcmcp.client;

import io.qcmcp.client.Operation.Hints;
import io.qcmcp.client.generated.hintsinference.api.WidgetsApi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator run on src/test/resources/hints-inference.yaml (see client-gen/pom.xml), whose operations
 * lack x-mcp-hints as QuantConnect's published ones do: the generated code compiles, and each tool gets the
 * hints its name implies, with what the spec does declare taking precedence.
 */
class HintsInferenceTest {

    private static final Hints READ = new Hints(true, false, true, true);
    private static final Hints DESTROY = new Hints(false, true, true, true);

    @Test
    @DisplayName("Operations without x-mcp-hints get hints inferred from the verb of their name")
    void inferredFromTheName() {
        assertEquals(READ, WidgetsApi.READ_WIDGET.hints());
        assertEquals(DESTROY, WidgetsApi.DELETE_WIDGET.hints());
        assertEquals(new Hints(false, false, false, true), WidgetsApi.CREATE_WIDGET.hints());
        assertEquals(READ, WidgetsApi.LIST_WIDGETS.hints(), "an x-mcp-tools entry without hints");
    }

    @Test
    @DisplayName("Declared hints win, key by key; only the missing keys are inferred")
    void declaredHintsWin() {
        assertEquals(new Hints(false, true, true, true), WidgetsApi.UPDATE_WIDGET.hints(),
                "idempotent declared; readOnly and destructive inferred for an unknown verb");
        assertEquals(new Hints(false, false, true, true), WidgetsApi.STOP_WIDGETS.hints(),
                "stop_ would be destructive, but the spec says it is not");
    }

    @Test
    @DisplayName("The verbs of the inference table")
    void verbs() {
        for (String tool : new String[] {"read_thing", "list_things"}) {
            assertEquals(READ, Hints.inferred(tool), tool);
        }
        for (String tool : new String[] {"delete_thing", "stop_thing", "liquidate_thing", "abort_thing"}) {
            assertEquals(DESTROY, Hints.inferred(tool), tool);
        }
        assertEquals(new Hints(false, true, false, true), Hints.inferred("broadcast_thing"));
        assertEquals(new Hints(false, true, false, true), Hints.inferred("reboot"));
    }

    @Test
    @DisplayName("A declared value other than true or false stops at start with the tool and the key named")
    void badValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hints.declared("read_thing", "yes", "false", "true"));
        assertTrue(e.getMessage().contains("x-mcp-hints.readOnly of read_thing"), e.getMessage());
    }
}
