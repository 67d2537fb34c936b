package org.nereid.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's health for its administrators ({@code .health} in the admin API, the
 * console's Health tab): version, the flags it runs with, uptime, CPU, memory, threads,
 * what is in use, the media ports and the built-in TURN server. Cheap: read on HTTP
 * threads, never on the packet path.
 */
public final class ServerHealth {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final String version;
    private final List<String> flags;
    private final Map<String, Object> media;
    private final Supplier<TurnStatus> turn;
    private final StatsSource stats;
    private final Clock clock;
    private final Instant started;

    /**
     * @param version the server's version
     * @param flags   the command line it was started with
     * @param media   where media is received: {@code udp} (the port or range) and {@code iceTcp}
     *                (the ICE-TCP port, or "off")
     * @param turn    the TURN server's state now
     */
    public ServerHealth(String version, List<String> flags, Map<String, Object> media, Supplier<TurnStatus> turn,
                        StatsSource stats, Clock clock) {
        this.version = version;
        this.flags = List.copyOf(flags);
        this.media = Map.copyOf(media);
        this.turn = turn;
        this.stats = stats;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The document, as JSON-ready maps and lists (docs/server.md, Health). */
    public Map<String, Object> document() {
        Map<String, Object> d = new LinkedHashMap<>();
        Instant now = clock.instant();
        d.put("server", "Nereid");
        d.put("version", version);
        d.put("flags", flags);
        d.put("started", started.toString());
        d.put("uptimeSeconds", Duration.between(started, now).toSeconds());
        d.put("java", System.getProperty("java.version"));
        d.put("pid", ProcessHandle.current().pid());
        d.put("cpu", cpu());
        d.put("memory", memory());
        d.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        d.put("use", use(stats.groups()));
        d.put("media", media);
        d.put("turn", turn.get());
        return d;
    }

    private static Map<String, Object> cpu() {
        Map<String, Object> c = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        c.put("cores", cores);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            // recent load as a fraction of the whole machine (all cores), -1 while unknown
            c.put("process", round(os.getProcessCpuLoad()));
            c.put("system", round(os.getCpuLoad()));
            c.put("processSeconds", round(os.getProcessCpuTime() / 1e9));
        }
        c.put("loadAverage", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return c;
    }

    private static Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        long rss = residentBytes();
        if (rss >= 0) {
            m.put("rss", rss);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        m.put("heapUsed", heap.getUsed());
        m.put("heapCommitted", heap.getCommitted());
        m.put("heapMax", heap.getMax());
        return m;
    }

    /** The resident set size from Linux's /proc (VmRSS), or -1 elsewhere. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return kilobytes(line.substring("VmRSS:".length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc is not mounted: the figure is left out
        }
        return -1;
    }

    static long kilobytes(String field) {
        String[] parts = field.strip().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }

    private static Map<String, Object> use(List<GroupStats> groups) {
        int clients = 0;
        int up = 0;
        int down = 0;
        for (GroupStats g : groups) {
            for (ClientStats c : g.clients()) {
                clients++;
                up += c.up().size();
                down += c.down().size();
            }
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("groups", groups.stream().filter(g -> !g.clients().isEmpty()).count());
        u.put("clients", clients);
        u.put("streamsUp", up);
        u.put("streamsDown", down);
        return u;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
