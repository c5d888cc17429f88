package io.qcmcp.app.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.function.Function;

/**
 * A fake QuantConnect and a server under test pointed at it, started once before a test class and closed after
 * it. Register it as a static field ({@code @RegisterExtension static final WithFakeQuantConnect<...> SETUP}) or,
 * in a {@code PER_CLASS} test, as an instance field.
 *
 * @param <S> the server: the endpoint in process, the SDK client on the local server, the Lambda handler...
 */
public final class WithFakeQuantConnect<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    private final Function<FakeQuantConnect, S> start;
    private FakeQuantConnect quantConnect;
    private S server;

    private WithFakeQuantConnect(Function<FakeQuantConnect, S> start) {
        this.start = start;
    }

    /** Any server, started from the fake (usually from {@link FakeQuantConnect#properties()}). */
    public static <S extends AutoCloseable> WithFakeQuantConnect<S> of(Function<FakeQuantConnect, S> start) {
        return new WithFakeQuantConnect<>(start);
    }

    /** The MCP endpoint in this JVM, without HTTP. */
    public static WithFakeQuantConnect<InProcessServer> inProcess() {
        return of(quantConnect -> new InProcessServer(quantConnect.properties()));
    }

    /** The MCP Java SDK's client on the local server, configured by {@code properties} from the fake. */
    public static WithFakeQuantConnect<SdkSession> sdk(Function<FakeQuantConnect, Map<String, Object>> properties) {
        return of(quantConnect -> new SdkSession(properties.apply(quantConnect)));
    }

    /**
     * A fake Secrets Manager as the server, holding no secret yet, beside the fake QuantConnect, which answers
     * read_account: each test starts its own server on {@code secrets.properties(quantConnect.apiUrl())}.
     */
    public static WithFakeQuantConnect<FakeSecretsManager> secretsManager() {
        return of(quantConnect -> {
            quantConnect.answer("/account/read", "{}", Fixtures.qc("read_account.json"));
            return new FakeSecretsManager();
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        quantConnect = new FakeQuantConnect();
        server = start.apply(quantConnect);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            quantConnect.close();
        }
    }

    public FakeQuantConnect quantConnect() {
        return quantConnect;
    }

    public S server() {
        return server;
    }
}
