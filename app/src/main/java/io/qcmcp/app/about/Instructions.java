package io.qcmcp.app.about;

/** The short workflow guidance sent to clients at initialize. Every tool it names must exist (tested). */
public final class Instructions {

    public static final String TEXT = """
            QuantConnect from your assistant. Typical flow: create_project; write code with create_file, \
            update_file_contents or patch_file (read_file first); then backtest_project compiles, backtests and \
            waits in one call (build errors come as file:line: message; if time runs out, make its nextCall). \
            Step by step instead: create_compile, read_compile with waitSeconds, create_backtest, \
            read_backtest_reduced with waitSeconds. plot_backtest shows equity and drawdown as an image; \
            read_backtest_orders and read_backtest_chart give details. Page big reads (list_projects, read_backtest_orders under 100 per page, read_live_logs up to \
            250 lines). Before editing a shared project call lock_project_with_collaborators. Live trading, live \
            commands and optimizations trade or spend credits: confirm with the user first.""";

    private Instructions() {
    }
}
