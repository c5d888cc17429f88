package io.qcmcp.app.tools;

/**
 * What a tool does, as far as who may call it: it reads, it writes outside live trading, or it changes live
 * trading. An OAuth token's scopes grant these (one scope each); an API key grants all.
 */
public enum Access {
    /** Reads only (its readOnly annotation), reads of live results included. */
    READ,
    /** Changes something on QuantConnect, outside live trading. */
    WRITE,
    /** Changes live trading: deploys, stops, liquidates, sends commands, signs in to a brokerage. */
    LIVE
}
