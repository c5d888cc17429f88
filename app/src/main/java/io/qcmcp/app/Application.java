package io.qcmcp.app;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.qcmcp.app.settings.InvalidSettingsException;

/** Local entry point ({@code mvn mn:run}); on AWS the API Gateway proxy handler starts the same context. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        new Startup().classes(Application.class).args(args).start();
    }

    /**
     * Micronaut's start, except that a setting the server cannot read ends it with the one line
     * {@code SettingsCheck} has logged and exit code 1, without Micronaut's second line quoting the bean path.
     */
    private static final class Startup extends Micronaut {

        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidSettingsException) {
                    System.exit(1);
                }
            }
            super.handleStartupException(environment, exception);
        }
    }
}
