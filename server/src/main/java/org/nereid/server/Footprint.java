package org.nereid.server;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a JVM started without server/jvm.options (a plain {@code java -jar}: a jar cannot carry
 * JVM options), does from inside what those options do for the footprint, as far as a running
 * JVM allows: the garbage collector gives back heap it does not need (G1 by default: its
 * manageable flags set at run time, a full collection once start-up is over, a periodic one
 * when idle), and the C library's heap gives back what was freed (what
 * {@code -XX:TrimNativeHeapInterval} does, done by a thread of ours). A JVM started with a
 * trim interval (the launchers, or an operator's own choice) is left as it is, and so is any
 * of these flags set on the command line. docs/benchmarks.md, "Idle and footprint".
 */
final class Footprint {
    private static final Logger LOG = LoggerFactory.getLogger(Footprint.class);
    /** The launchers' {@code -XX:TrimNativeHeapInterval}; at idle 18 trims took less than a tick of CPU. */
    static final long TRIM_INTERVAL_MS = 10_000;
    /**
     * Manageable flags, in this order (the minimum must stay below the maximum): shrink the
     * heap when more than 30 % of it is free after a collection (the default, 70 %, kept start-up's
     * heap), and at idle collect every two minutes, which is when G1 shrinks it.
     */
    static final List<String[]> FLAGS = List.of(
            new String[] {"MinHeapFreeRatio", "10"},
            new String[] {"MaxHeapFreeRatio", "30"},
            new String[] {"G1PeriodicGCInterval", "120000"});

    private Footprint() {
    }

    /**
     * Applies the settings unless the JVM was given its own way of returning memory; never
     * fails: at worst the JVM stays as it was started.
     */
    static void applyAfterStartUp() {
        Optional<DiagnosticCommands> found = DiagnosticCommands.open();
        if (found.isEmpty()) {
            LOG.debug("the JVM's diagnostic commands are not reachable; its memory settings stay as they are");
            return;
        }
        DiagnosticCommands commands = found.get();
        String given;
        try {
            given = commands.run("VM.flags");
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot read the JVM's flags: {}", e.getMessage());
            return;
        }
        if (given.contains("TrimNativeHeapInterval")) {
            LOG.info("JVM memory: started with its own options (a trim interval), left as it is");
            return;
        }
        StringBuilder set = new StringBuilder();
        for (String[] flag : FLAGS) {
            if (!given.contains(flag[0] + "=") && set(commands, flag[0], flag[1])) {
                set.append(' ').append(flag[0]).append('=').append(flag[1]);
            }
        }
        // start-up's garbage goes now, and with it the heap G1 sized from the RAM for start-up
        // (96 MB committed at idle before, 20 MB of it resident)
        System.gc();
        Thread trim = new Thread(() -> trimEvery(commands), "nereid-native-trim");
        trim.setDaemon(true);
        trim.start();
        LOG.info("JVM memory: started without server/jvm.options; set{}, C heap trimmed every {} s", set,
                TRIM_INTERVAL_MS / 1000);
    }

    /** Sets a manageable flag; false (and why, at debug) when the JVM refused. */
    private static boolean set(DiagnosticCommands commands, String flag, String value) {
        try {
            // VM.set_flag prints nothing when it succeeds, the reason when it does not
            String refused = commands.run("VM.set_flag " + flag + " " + value).strip();
            if (refused.isEmpty()) {
                return true;
            }
            LOG.debug("VM.set_flag {} {}: {}", flag, value, refused);
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot set {}: {}", flag, e.getMessage());
        }
        return false;
    }

    private static void trimEvery(DiagnosticCommands commands) {
        try {
            while (true) {
                commands.run("System.trim_native_heap");
                Thread.sleep(TRIM_INTERVAL_MS);
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("no native heap trim in this JVM: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
