package org.nereid.load.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The server process on this machine, read from /proc: CPU seconds used
 * (user + system), threads and resident memory. Used to divide the server's
 * CPU by the packets it forwarded.
 */
public final class ServerProcess {
    /** Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final Path proc;

    public ServerProcess(long pid) {
        this(pid, Path.of("/proc"));
    }

    ServerProcess(long pid, Path procRoot) {
        this.pid = pid;
        this.proc = procRoot.resolve(Long.toString(pid));
    }

    /**
     * One reading; {@code cpuByThreads} is CPU seconds per thread family (a thread's name
     * without its trailing number, e.g. "media-worker"), the profile that says where the
     * time goes.
     */
    public record Sample(double cpuSeconds, int threads, long rssKib, Map<String, Double> cpuByThreads) {
        public Sample {
            cpuByThreads = Map.copyOf(cpuByThreads);
        }
    }

    /** Reads the process now; fails with a sentence when it is not there. */
    public Sample sample() throws IOException {
        String stat;
        String status;
        try {
            stat = Files.readString(proc.resolve("stat"));
            status = Files.readString(proc.resolve("status"));
        } catch (IOException e) {
            throw new IOException("There is no process " + pid + " on this machine (from -server-pid).", e);
        }
        return new Sample(cpuSeconds(stat), (int) field(status, "Threads:"), field(status, "VmRSS:"), byThreads());
    }

    /** Threads that ended since the last reading take their time with them: families are approximate. */
    private Map<String, Double> byThreads() {
        Map<String, Double> result = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    result.merge(family(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))),
                            cpuSeconds(stat), Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // the process ended: the totals above still stand
        }
        return result;
    }

    /** "media-worker-12" → "media-worker", "GC Thread#3" → "GC Thread", "IceConnector@4f2a" → "IceConnector". */
    static String family(String threadName) {
        String name = threadName.replaceAll("@[0-9a-f]+$", "");
        return name.replaceAll("[-#._ ]*[0-9]+$", "");
    }

    /** utime + stime, fields 14 and 15 of stat; counted after the command name, which may hold spaces. */
    static double cpuSeconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split(" +")[0]);
            }
        }
        return 0;
    }
}
