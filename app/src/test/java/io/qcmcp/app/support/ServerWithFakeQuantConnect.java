package io.qcmcp.app.support;

/** The local server pointed at its own fake QuantConnect, as most end-to-end tests need them: one closes both. */
public final class ServerWithFakeQuantConnect implements AutoCloseable {

    private final FakeQuantConnect quantConnect = new FakeQuantConnect();
    private final LocalServer server = new LocalServer(quantConnect.properties());

    public FakeQuantConnect quantConnect() {
        return quantConnect;
    }

    public LocalServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        quantConnect.close();
    }
}
