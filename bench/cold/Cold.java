import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.crac.OrderedResource;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One cold start, as Lambda does it: a new JVM builds the API Gateway v1 handler and answers one tools/list
 * event (with {@code primed}, after running the SnapStart hooks first). Prints the time from process start (as the
 * launcher saw it, when it passes its clock) to the first response, the process's CPU time, and the peak resident
 * memory. Run by bench/cold.sh, many times, each in a new process.
 */
public final class Cold {

    public static void main(String[] args) throws Exception {
        Instant main = Instant.now();
        ApiGatewayProxyRequestEventFunction handler = new ApiGatewayProxyRequestEventFunction();
        String hookTimes = "";
        if (args.length > 1 && args[1].equals("primed")) {
            // What SnapStart does around its snapshot, minus the snapshot: run the hooks, then serve.
            Instant context = Instant.now();
            List<OrderedResource> hooks = new ArrayList<>(handler.getApplicationContext().getBeansOfType(OrderedResource.class));
            for (OrderedResource hook : hooks) {
                hook.beforeCheckpoint(null);
            }
            Instant checkpoint = Instant.now();
            for (OrderedResource hook : hooks) {
                hook.afterRestore(null);
            }
            // afterRestore is part of what Lambda bills as "Billed Restore Duration".
            hookTimes = " beforeCheckpointMs=" + Duration.between(context, checkpoint).toMillis()
                    + " afterRestoreMs=" + Duration.between(checkpoint, Instant.now()).toMillis();
        }
        Instant built = Instant.now();
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/mcp").withResource("/mcp")
                .withHeaders(Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream"))
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("cold").withStage("prod").withResourcePath("/mcp").withHttpMethod("POST"));
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, new MockLambdaContext());
        Instant answered = Instant.now();
        // The launcher passes its clock just before it starts this JVM (epoch nanoseconds). The OS's process
        // start time is no use here: Linux derives it from a boot time with one-second resolution.
        // "-" when the caller times the process itself (bench/cold.sh with the Node server's harness).
        String sinceStart = "";
        if (!args[0].equals("-")) {
            Instant started = Instant.ofEpochSecond(0, Long.parseLong(args[0]));
            sinceStart = " ms=" + Duration.between(started, answered).toMillis()
                    + " jvmMs=" + Duration.between(started, main).toMillis();
        }
        long peakKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                peakKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String line = "COLD status=" + response.getStatusCode() + sinceStart + " cpuMs=" + cpuMillis()
                + " rssMb=" + peakKb / 1024 + " bytes=" + response.getBody().length()
                + " initMs=" + Duration.between(main, built).toMillis()
                + " firstRequestMs=" + Duration.between(built, answered).toMillis() + hookTimes;
        System.out.println(line);
        String log = System.getenv("COLD_LOG");
        if (log != null) {
            // The Node server's harness keeps the output to itself; this copy keeps the breakdown.
            Files.writeString(Path.of(log), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    /**
     * CPU time of the whole process so far (all threads, user and system; 10 ms resolution). On Lambda a function
     * gets a share of a core in proportion to its memory, so CPU time, not wall time on a 2-core machine, is what
     * a cold start costs there.
     */
    private static long cpuMillis() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
