package org.nereid.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What every fuzz case must pass, whatever the component: it returns, or throws one of the
 * component's own exception types with a sentence. Any other exception or error (a stray
 * RuntimeException, StackOverflowError, OutOfMemoryError, a failed round trip), taking longer
 * than {@link #TIME_LIMIT_NANOS} or allocating more than a bound proportional to the input (on
 * a second, warm run too) is a finding: Jazzer saves the case into the test's {@code Inputs}
 * directory, where the next run replays it as a regression seed.
 */
public final class FuzzTarget {
    /** Longer than any honest case takes on a loaded machine; seconds mean a quadratic or worse path. */
    static final long TIME_LIMIT_NANOS = 10_000_000_000L;
    /** What one case may allocate, plus {@link #ALLOCATION_PER_INPUT_BYTE} per input byte. */
    static final long ALLOCATION_BASE = 64L << 20;
    static final long ALLOCATION_PER_INPUT_BYTE = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What the component does with one case. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    private FuzzTarget() {
    }

    /**
     * Runs one case; returns normally when it passed.
     *
     * @param allowed the component's own exception types (subclasses too)
     */
    @SafeVarargs
    public static void check(byte[] input, Attempt attempt, Class<? extends Exception>... allowed) {
        long allocationLimit = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * input.length;
        long[] cost = run(input, attempt, allowed);
        // the first time through a path also loads, instruments and compiles classes: only a
        // case that is too slow or too hungry again, warm, is a finding
        if (cost[0] > TIME_LIMIT_NANOS || cost[1] > allocationLimit) {
            cost = run(input, attempt, allowed);
            if (cost[0] > TIME_LIMIT_NANOS) {
                throw failure(input, "took " + cost[0] / 1_000_000 + " ms", null);
            }
            if (cost[1] > allocationLimit) {
                throw failure(input, "allocated " + (cost[1] >> 20) + " MiB", null);
            }
        }
    }

    /** Runs the case once; returns the nanoseconds it took and the bytes it allocated. */
    private static long[] run(byte[] input, Attempt attempt, Class<? extends Exception>[] allowed) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Watchdog.watch(input);
        try {
            attempt.run();
        } catch (Throwable e) {
            if (!isAllowed(e, allowed)) {
                throw failure(input, "threw " + e, e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw failure(input, "threw " + e.getClass().getName() + " without a sentence", e);
            }
        } finally {
            Watchdog.done();
        }
        return new long[] {System.nanoTime() - start, THREADS.getCurrentThreadAllocatedBytes() - before};
    }

    /**
     * Silences a component's logger: a refusal it logs once per bad input would otherwise
     * write a line per case, millions in a long run.
     */
    public static void quiet(Class<?> component) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(component))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    private static boolean isAllowed(Throwable e, Class<? extends Exception>[] allowed) {
        for (Class<? extends Exception> type : allowed) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    static AssertionError failure(byte[] input, String what, Throwable cause) {
        return new AssertionError(what + " on " + input.length + " bytes: " + preview(input), cause);
    }

    /** Saves a case that Jazzer cannot save itself (the JVM is about to end), under target/fuzz-findings. */
    static Path save(byte[] input) {
        try {
            Path dir = Path.of("target", "fuzz-findings");
            Files.createDirectories(dir);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input);
            Path file = dir.resolve("hang-" + HexFormat.of().formatHex(digest, 0, 8));
            Files.write(file, input);
            return file.toAbsolutePath();
        } catch (IOException | NoSuchAlgorithmException e) {
            return Path.of("(not saved: " + e + ")");
        }
    }

    /** The first bytes, printable ASCII as it is and the rest as \xNN. */
    static String preview(byte[] input) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(input.length, 400); i++) {
            int c = input[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return input.length > 400 ? s + "…" : s.toString();
    }
}
