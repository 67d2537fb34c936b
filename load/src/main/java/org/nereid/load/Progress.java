package org.nereid.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nereid.load.rtc.Publisher;
import org.nereid.load.rtc.Subscriber;
import org.nereid.load.stats.LatencyHistogram;
import org.nereid.load.stats.ServerProcess;
import org.nereid.load.stats.StreamReception;
import org.nereid.load.stats.ToolStalls;

/** Reads the counts each second and writes the progress line. */
final class Progress {
    /** The counts at one moment. */
    record Snapshot(long nanos, long packets, long bytes, long lost, long expected, long sent,
                    ServerProcess.Sample server, ToolStalls.Sample stalls) {
    }

    /** The server's figures at one second of the window. */
    record ServerPoint(int second, double cpuSeconds, int threads, long rssKib) {
    }

    private final ServerProcess server;
    private final List<Subscriber> subscribers;
    private final List<Publisher> publishers;
    private final LatencyHistogram latency;
    private final ToolStalls stalls;
    private final List<ServerPoint> series = new ArrayList<>();
    private Snapshot previous;
    /** The latency histogram's counts at the previous snapshot: the p99 of each second alone. */
    private long[] previousLatency;

    Progress(ServerProcess server, List<Subscriber> subscribers, List<Publisher> publishers, LatencyHistogram latency,
             ToolStalls stalls) {
        this.server = server;
        this.subscribers = subscribers;
        this.publishers = publishers;
        this.latency = latency;
        this.stalls = stalls;
    }

    ServerProcess.Sample sampleServer() throws LoadException {
        if (server == null) {
            return null;
        }
        try {
            return server.sample();
        } catch (IOException e) {
            throw new LoadException(e.getMessage(), e);
        }
    }

    Snapshot snapshot() throws LoadException {
        long packets = 0;
        long bytes = 0;
        long lost = 0;
        long expected = 0;
        for (Subscriber s : subscribers) {
            for (StreamReception r : s.receptions()) {
                packets += r.unique();
                bytes += r.bytes();
                lost += r.lost();
                expected += r.expected();
            }
        }
        long sent = publishers.stream().mapToLong(Publisher::sent).sum();
        Snapshot now = new Snapshot(System.nanoTime(), packets, bytes, lost, expected, sent, sampleServer(),
                stalls.sample());
        previous = now;
        previousLatency = latency.counts();
        return now;
    }

    /**
     * The line for {@code second} of the window: rates since the previous line, loss and latency
     * since the window began, the p99 of this second's latency alone (which shows when the
     * tail came: a pause, a keyframe, the server's heap growing after the joins), and the tool's
     * own stalls in this second, which that p99 counts as the server's.
     */
    String line(int second) throws LoadException {
        Snapshot before = previous;
        long[] latencyBefore = previousLatency;
        Snapshot now = snapshot();
        double seconds = (now.nanos() - before.nanos()) / 1e9;
        long receiving = subscribers.stream().filter(s -> !s.hasLeft() && s.joinToFirstPacketNanos() >= 0).count();
        long present = subscribers.stream().filter(s -> !s.hasLeft()).count();
        ToolStalls.Sample stalled = now.stalls().since(before.stalls());
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%4ds  subscribers %d/%d  forwarded %,.0f pkt/s %.1f Mbit/s  loss %.3f%%  latency p50 %.2f p99 %.2f max %.2f ms"
                        + " (this second's p99 %.2f, tool stalls %d: %.0f ms)",
                second, receiving, present, (now.packets() - before.packets()) / seconds,
                (now.bytes() - before.bytes()) * 8 / seconds / 1e6, percent(now.lost(), now.expected()),
                latency.percentileNanos(0.5) / 1e6, latency.percentileNanos(0.99) / 1e6, latency.maxNanos() / 1e6,
                latency.percentileSinceNanos(0.99, latencyBefore, previousLatency) / 1e6,
                stalled.count(), stalled.totalNanos() / 1e6));
        if (now.server() != null) {
            ServerProcess.Sample s = now.server();
            b.append(String.format(java.util.Locale.ROOT, "  server cpu %.0f%% rss %d MB threads %d",
                    (s.cpuSeconds() - before.server().cpuSeconds()) / seconds * 100, s.rssKib() / 1024, s.threads()));
            series.add(new ServerPoint(second, s.cpuSeconds(), s.threads(), s.rssKib()));
        }
        return b.toString();
    }

    List<ServerPoint> serverSeries() {
        return List.copyOf(series);
    }

    static double percent(long part, long whole) {
        return whole <= 0 ? 0 : 100.0 * part / whole;
    }
}
