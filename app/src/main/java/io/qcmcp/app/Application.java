package io.qcmcp.app;

import io.micronaut.runtime.Micronaut;

/** Local entry point ({@code mvn mn:run}); on AWS the API Gateway proxy handler starts the same context. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
