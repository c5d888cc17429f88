package io.qcmcp.app.tools;

import io.qcmcp.app.support.ChildJvm;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.tools.plot.EquityChart;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The picture costs nothing until it is asked for: a fresh JVM that starts the server, lists the tools and
 * calls one has loaded plot_backtest's tool class but none of the drawing code (io.qcmcp.app.tools.plot). Then
 * it draws a chart, and still loads nothing of java.awt or javax.imageio, which need what Lambda's runtime lacks.
 */
class PlotStaysOffStartTest {

    static final String LISTED = "tools listed: ";
    static final String DRAWN = "chart drawn: ";

    /** Run in the child JVM. */
    public static void main(String[] args) {
        try (InProcessServer server = new InProcessServer(Map.of())) {
            int tools = server.tools().size();
            server.call("read_mcp_server_version", Map.of());
            System.out.println(LISTED + tools);
            byte[] png = EquityChart.png(new long[] {0, 86_400}, new double[] {100, 110}, new double[] {0, 0}, "Up");
            System.out.println(DRAWN + png.length);
        }
    }

    @Test
    @DisplayName("Starting, tools/list and a tool call load no class of the renderer")
    void rendererNotLoaded() throws IOException, InterruptedException {
        String output = ChildJvm.run(PlotStaysOffStartTest.class, Map.of(), "-verbose:class");
        int listed = output.indexOf(LISTED);
        int drawn = output.indexOf(DRAWN);
        assertTrue(listed > 0 && drawn > listed, "the child listed the tools, then drew");
        assertTrue(output.substring(0, listed).contains("io.qcmcp.app.tools.server.PlotBacktest "),
                "class loading is logged");
        assertFalse(output.substring(0, listed).contains("io.qcmcp.app.tools.plot."),
                "a renderer class was loaded at start");
        assertTrue(output.contains("io.qcmcp.app.tools.plot.Png "), "the renderer was loaded to draw");
        assertFalse(output.contains("java.awt.") || output.contains("javax.imageio."), "drawing used java.awt");
    }
}
