package io.qcmcp.app.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much of the function's memory the process uses: its resident set (VmRSS of /proc/self/status, what Lambda
 * counts as used) over the function's memory size. Read on demand, in microseconds; nothing is sampled in the
 * background.
 */
final class MemoryUse {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final long limitBytes;

    /** @param limitMegabytes the function's memory size ({@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}) */
    MemoryUse(long limitMegabytes) {
        this.limitBytes = limitMegabytes * 1024 * 1024;
    }

    /** The resident set as a percentage of the memory size, or -1 when either cannot be known. */
    double percent() {
        long resident = residentBytes();
        return resident < 0 || limitBytes <= 0 ? -1 : 100.0 * resident / limitBytes;
    }

    static long residentBytes() {
        try {
            return resident(Files.readAllLines(STATUS));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS of a /proc status file, in bytes (the file gives kB). */
    static long resident(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).strip().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
