package io.qcmcp.app.settings;

/** A setting the server cannot read: it does not start. The message is the one line that says which and why. */
public final class InvalidSettingsException extends RuntimeException {

    InvalidSettingsException(String message) {
        super(message, null, false, false);
    }
}
