package io.qcmcp.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** QuantConnect answers kept under src/test/resources/qc (see the README there). */
public final class Fixtures {

    private Fixtures() {
    }

    public static String qc(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/qc/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture qc/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
