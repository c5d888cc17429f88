package io.qcmcp.app.tools;

import java.util.Locale;

/** Whether a deployment offers the tools that change live trading ({@code MCP_LIVE_TRADING}). */
public enum LiveTrading {
    /** Neither listed nor callable: the default. */
    OFF,
    /** Only where the tool's spec entry ({@code x-mcp-paper}) tells from its arguments that it stays with paper money. */
    PAPER,
    /** Any brokerage. */
    ON;

    /** The setting's value (SettingsCheck has refused any other at start). */
    public static LiveTrading of(String setting) {
        return valueOf(setting == null || setting.isBlank() ? "OFF" : setting.strip().toUpperCase(Locale.ROOT));
    }
}
