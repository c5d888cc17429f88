package io.qcmcp.app.aws;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The Lambda invocation being served. Micronaut's default factory registers the invocation's {@link Context}
 * and logger as new singletons on every invocation; the bean registry then grows by two definitions per
 * request, and each request gets slower (measured: 0.9 ms after 1,000 requests, 2.4 ms after 6,000). This
 * keeps only the current invocation instead. A Lambda execution environment serves one invocation at a
 * time, so one field is enough.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public final class LambdaInvocation implements LambdaContextFactory {

    private volatile Context current;

    @Override
    public void registerSingletons(Context context) {
        current = context;
    }

    /** No invocation is being served (after a SnapStart restore, the priming one is over). */
    public void clear() {
        current = null;
    }

    /** Time left in the invocation being served, or null when not running under the Lambda handler. */
    public @Nullable Duration timeLeft() {
        Context context = current;
        return context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis());
    }
}
