package org.nereid.stats;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;

/**
 * Writes statistics in the Prometheus text exposition format (version
 * 0.0.4): per-track gauges and counters labelled by group, client,
 * connection, direction and track, and the JVM's heap and GC figures.
 */
public final class PrometheusWriter {
    private final StringBuilder out = new StringBuilder();

    private PrometheusWriter() {
    }

    public static String write(List<GroupStats> groups) {
        PrometheusWriter w = new PrometheusWriter();
        w.groups(groups);
        w.jvm();
        return w.out.toString();
    }

    private void groups(List<GroupStats> groups) {
        header("nereid_group_clients", "gauge", "Clients in the group.");
        for (GroupStats g : groups) {
            sample("nereid_group_clients", labels("group", g.name()), g.clients().size());
        }
        record Metric(String name, String type, String help) {
        }
        List<Metric> metrics = List.of(
                new Metric("nereid_track_bitrate_bits_per_second", "gauge", "Current bitrate of the track."),
                new Metric("nereid_track_max_bitrate_bits_per_second", "gauge", "Bitrate cap of the track, 0 if none."),
                new Metric("nereid_track_loss_ratio", "gauge", "Fraction of packets lost, 0 to 1."),
                new Metric("nereid_track_rtt_seconds", "gauge", "Round-trip time, 0 if unknown."),
                new Metric("nereid_track_jitter_seconds", "gauge", "Interarrival jitter, 0 if unknown."),
                new Metric("nereid_track_packets_total", "counter", "Packets of the track."),
                new Metric("nereid_track_nacks_total", "counter", "Generic NACKs about the track."),
                new Metric("nereid_track_plis_total", "counter", "Keyframe requests (PLI/FIR) about the track."));
        for (int m = 0; m < metrics.size(); m++) {
            Metric metric = metrics.get(m);
            header(metric.name(), metric.type(), metric.help());
            for (GroupStats g : groups) {
                for (ClientStats c : g.clients()) {
                    tracks(metric.name(), m, g, c, "up", c.up());
                    tracks(metric.name(), m, g, c, "down", c.down());
                }
            }
        }
    }

    private void tracks(String name, int metric, GroupStats g, ClientStats c, String direction, List<ConnStats> conns) {
        for (ConnStats conn : conns) {
            for (int i = 0; i < conn.tracks().size(); i++) {
                TrackStats t = conn.tracks().get(i);
                double value = switch (metric) {
                    case 0 -> t.bitrate();
                    case 1 -> t.maxBitrate();
                    case 2 -> t.loss();
                    case 3 -> t.rttMs() / 1000;
                    case 4 -> t.jitterMs() / 1000;
                    case 5 -> t.packets();
                    case 6 -> t.nacks();
                    default -> t.plis();
                };
                sample(name, labels("group", g.name(), "client", c.id(), "connection", conn.id(),
                        "direction", direction, "track", Integer.toString(i),
                        "kind", t.kind() == null ? "" : t.kind(), "codec", t.codec() == null ? "" : t.codec()), value);
            }
        }
    }

    private void jvm() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        header("jvm_memory_heap_used_bytes", "gauge", "Heap in use.");
        sample("jvm_memory_heap_used_bytes", "", heap.getUsed());
        header("jvm_memory_heap_committed_bytes", "gauge", "Heap committed by the JVM.");
        sample("jvm_memory_heap_committed_bytes", "", heap.getCommitted());
        header("jvm_memory_heap_max_bytes", "gauge", "Largest heap the JVM may use, -1 if undefined.");
        sample("jvm_memory_heap_max_bytes", "", heap.getMax());
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        header("jvm_gc_collections_total", "counter", "Garbage collections, per collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            sample("jvm_gc_collections_total", labels("gc", gc.getName()), Math.max(0, gc.getCollectionCount()));
        }
        header("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection, per collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            sample("jvm_gc_collection_seconds_total", labels("gc", gc.getName()),
                    Math.max(0, gc.getCollectionTime()) / 1000.0);
        }
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    /** {name="value",…} with values escaped as the format requires (backslash, quote, newline). */
    static String labels(String... pairs) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(pairs[i]).append("=\"")
                    .append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return b.append('}').toString();
    }
}
