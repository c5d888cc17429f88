package io.qcmcp.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.qcmcp.app.mcp.StdioServer;
import io.qcmcp.app.observability.LoggingConfigurator;
import io.qcmcp.app.settings.InvalidSettingsException;
import io.qcmcp.app.settings.SettingsCheck;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Local entry point ({@code mvn mn:run}, {@code java -jar quant-connect-mcp.jar}): the HTTP server, or with
 * {@code --stdio} MCP over standard input and output without it. On AWS the API Gateway proxy handler starts the
 * same context.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains(StdioServer.SWITCH)) {
            System.exit(stdio(Arrays.stream(args).filter(arg -> !StdioServer.SWITCH.equals(arg))
                    .toArray(String[]::new)));
        }
        new Startup().classes(Application.class).args(args).start();
    }

    /**
     * MCP over standard input and output: the context without the HTTP server (nothing starts Micronaut's embedded
     * server, so no port is bound), answering until the end of input. Standard output carries only JSON-RPC: the log
     * goes to standard error, and so does anything else written to {@code System.out}.
     *
     * @return the exit code: 0 at the end of input, 1 when the server could not start or read its input
     */
    private static int stdio(String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.setProperty(LoggingConfigurator.TO_STDERR, "true");
        ApplicationContext context;
        try {
            // The "stdio" environment: no HTTP server listens, so SettingsCheck's listening-address rule does not
            // apply (the container image sets MICRONAUT_SERVER_HOST=0.0.0.0 for HTTP mode).
            context = ApplicationContext.builder(Application.class).args(args)
                    .environments(SettingsCheck.STDIO_ENVIRONMENT).start();
        } catch (RuntimeException e) {
            if (!invalidSettings(e)) {
                LoggerFactory.getLogger(Application.class).error("The server does not start", e);
            }
            return 1;
        }
        try (context) {
            new StdioServer(context, stdout).serve(System.in);
            return 0;
        } catch (IOException e) {
            LoggerFactory.getLogger(Application.class).error("Standard input could not be read", e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Whether the start failed on a setting {@code SettingsCheck} refused (and has already logged in one line). */
    private static boolean invalidSettings(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingsException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Micronaut's start, except that a setting the server cannot read ends it with the one line
     * {@code SettingsCheck} has logged and exit code 1, without Micronaut's second line quoting the bean path.
     */
    private static final class Startup extends Micronaut {

        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            if (invalidSettings(exception)) {
                System.exit(1);
            }
            super.handleStartupException(environment, exception);
        }
    }
}
