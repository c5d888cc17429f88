package io.qcmcp.app.tools.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed compile's log as {@code file:line: message} lines, the form an assistant (and an editor) acts on.
 * QuantConnect writes {@code Build Error File: main.py Line: 12 Column: 9 - message}, sometimes without the
 * spaces after the colons; C# builds may also carry MSBuild's {@code Main.cs(12,9): error CS0103: message}.
 * Lines in neither form that mention an error are kept as they are, so nothing the compiler said is lost.
 */
final class BuildErrors {

    private static final Pattern QUANTCONNECT = Pattern.compile(
            "Build Error File:\\s*(.+?)\\s+Line:?\\s*(\\d+)(?:\\s+Column:?\\s*\\d+)?\\s*-\\s*(.*)");
    private static final Pattern MSBUILD = Pattern.compile("(\\S+?)\\((\\d+),\\d+\\):\\s*error\\s+(.*)");

    private BuildErrors() {
    }

    static List<String> lines(List<?> logs) {
        List<String> errors = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Object entry : logs) {
            String line = String.valueOf(entry).strip();
            Matcher m = QUANTCONNECT.matcher(line);
            if (!m.find()) {
                m = MSBUILD.matcher(line);
                if (!m.find()) {
                    m = null;
                }
            }
            if (m != null) {
                errors.add(m.group(1) + ":" + m.group(2) + ": " + m.group(3).strip());
            } else if (line.toLowerCase(Locale.ROOT).contains("error") && !line.startsWith("Build Request Successful")) {
                other.add(line);
            }
        }
        errors.addAll(other);
        return errors;
    }
}
