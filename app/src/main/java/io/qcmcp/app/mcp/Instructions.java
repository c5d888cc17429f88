package io.qcmcp.app.mcp;

/** The short workflow guidance sent to clients at initialize. Every tool it names must exist (tested). */
final class Instructions {

    static final String TEXT = """
            QuantConnect from your assistant. Typical flow: create_project; write code with create_file, \
            update_file_contents or patch_file (read_file first); create_compile, then poll read_compile until \
            state is BuildSuccess (BuildError: fix what its logs say); create_backtest with that compileId, then \
            poll read_backtest_reduced until completed is true; read_backtest_orders and read_backtest_chart for \
            details. Page big reads (list_projects, read_backtest_orders under 100 per page, read_live_logs up to \
            250 lines). Before editing a shared project call lock_project_with_collaborators. Live trading, live \
            commands and optimizations trade or spend credits: confirm with the user first.""";

    private Instructions() {
    }
}
