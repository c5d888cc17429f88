package io.qcmcp.client;

/**
 * Told of each QuantConnect call that failed for a reason an operator is alarmed of: its credentials (refused or
 * missing) or QuantConnect unreachable. A bean of the app (the request observer, which writes them as metrics);
 * called on the request's thread, so it must be quick and never block.
 */
@FunctionalInterface
public interface FailureListener {

    /** A call failed for {@code cause}, never {@link QuantConnectResponse.Failed.Cause#OTHER}. */
    void failed(QuantConnectResponse.Failed.Cause cause);
}
