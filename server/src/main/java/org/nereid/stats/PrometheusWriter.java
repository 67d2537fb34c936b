package org.nereid.stats;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes statistics in the Prometheus text exposition format (version
 * 0.0.4): groups, clients and streams; per-track gauges and counters
 * labelled by group, client, connection, direction (up: received from the
 * publisher, down: sent to a receiver), track, kind, codec and rid; and the
 * JVM's heap and GC figures.
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

    /** One per-track family: its name, type, help, and how a track's value is read. */
    private record Metric(String name, String type, String help, ToDoubleFunction<TrackStats> value) {
    }

    private static final List<Metric> TRACK_METRICS = List.of(
            new Metric("nereid_track_bitrate_bits_per_second", "gauge",
                    "Payload bitrate of the track over the last second.", TrackStats::bitrate),
            new Metric("nereid_track_max_bitrate_bits_per_second", "gauge",
                    "What the receiver can take by our estimate (down), what we ask the publisher for (up).",
                    TrackStats::maxBitrate),
            new Metric("nereid_track_loss_ratio", "gauge",
                    "Fraction of packets lost over the last report interval, 0 to 1.", TrackStats::loss),
            new Metric("nereid_track_lost_packets", "gauge",
                    "Packets lost since the track started (duplicates can lower it).", TrackStats::lost),
            new Metric("nereid_track_rtt_seconds", "gauge",
                    "Round-trip time to the receiver, 0 if unknown.", t -> t.rttMs() / 1000),
            new Metric("nereid_track_jitter_seconds", "gauge",
                    "Interarrival jitter, 0 if unknown.", t -> t.jitterMs() / 1000),
            new Metric("nereid_track_packets_total", "counter",
                    "RTP packets received (direction up) or sent (direction down).", TrackStats::packets),
            new Metric("nereid_track_bytes_total", "counter",
                    "RTP payload bytes received (direction up) or sent (direction down).", TrackStats::bytes),
            new Metric("nereid_track_nacks_total", "counter",
                    "Packets asked for again by generic NACK: by us, each ask (up), by the receiver (down).",
                    TrackStats::nacks),
            new Metric("nereid_track_nack_resent_total", "counter",
                    "NACKed packets resent: by the publisher after our ask (up), by us from the cache (down).",
                    TrackStats::resent),
            new Metric("nereid_track_nack_unrecovered_total", "counter",
                    "NACKed packets never got: given up after our last ask (up), not in the cache (down).",
                    TrackStats::unrecovered),
            new Metric("nereid_track_nack_refused_total", "counter",
                    "NACKed packets the resend limiter did not resend: asked too often, too soon, or over budget.",
                    TrackStats::refused),
            new Metric("nereid_track_keyframe_replays_total", "counter",
                    "Cached keyframes replayed to a new receiver instead of asking the publisher.",
                    TrackStats::replays),
            new Metric("nereid_track_keyframe_requests_total", "counter",
                    "Keyframe requests: PLIs sent to the publisher (up), PLIs and FIRs from the receiver (down).",
                    TrackStats::plis),
            new Metric("nereid_track_layer_switches_total", "counter",
                    "Switches between simulcast layers (direction down).", TrackStats::switches),
            new Metric("nereid_track_rate_probes_total", "counter",
                    "Rate probes started towards the next simulcast layer (direction down).", TrackStats::probes),
            new Metric("nereid_track_probe_padding_packets_total", "counter",
                    "Padding packets sent by rate probes (direction down).", TrackStats::padding),
            new Metric("nereid_track_probe_owed_repairs_total", "counter",
                    "Lost packets resent with the unsent padding of a failed rate probe, credited to the resend budget (direction down).",
                    TrackStats::owedRepairs),
            new Metric("nereid_track_tail_padding_packets_total", "counter",
                    "Padding packets sent after frames to show a losing receiver a lost last packet (direction down).",
                    TrackStats::tailPadding),
            new Metric("nereid_track_tail_nacks_total", "counter",
                    "Video frames whose lost last packet was asked for before a later packet showed it (direction up).",
                    TrackStats::tailNacks),
            new Metric("nereid_track_delayed_frames_total", "counter",
                    "Video frames sent asking a losing receiver for a longer jitter buffer (direction down).",
                    TrackStats::delayedFrames),
            new Metric("nereid_track_xr_dlrr_total", "counter",
                    "RTCP XR DLRR blocks sent answering a receiver's RRTRs, so it knows its round trip (direction down).",
                    TrackStats::dlrrs),
            new Metric("nereid_track_layer_dropped_packets_total", "counter",
                    "Packets of VP8/VP9 temporal or spatial layers the receiver does not get (direction down).",
                    TrackStats::layerDrops),
            new Metric("nereid_track_frames_per_second", "gauge",
                    "Video frames per second: sent by the publisher (up), on the layer forwarded (down).",
                    TrackStats::frameRate));

    private void groups(List<GroupStats> groups) {
        header("nereid_groups", "gauge", "Groups with at least one client.");
        sample("nereid_groups", "", groups.stream().filter(g -> !g.clients().isEmpty()).count());
        header("nereid_group_clients", "gauge", "Clients in the group.");
        for (GroupStats g : groups) {
            sample("nereid_group_clients", labels("group", g.name()), g.clients().size());
        }
        header("nereid_streams", "gauge", "Streams (peer connections): up are published, down are received.");
        for (String direction : List.of("up", "down")) {
            long streams = groups.stream().flatMap(g -> g.clients().stream())
                    .mapToLong(c -> (direction.equals("up") ? c.up() : c.down()).size()).sum();
            sample("nereid_streams", labels("direction", direction), streams);
        }
        for (Metric metric : TRACK_METRICS) {
            header(metric.name(), metric.type(), metric.help());
            for (GroupStats g : groups) {
                for (ClientStats c : g.clients()) {
                    tracks(metric, g, c, "up", c.up());
                    tracks(metric, g, c, "down", c.down());
                }
            }
        }
    }

    private void tracks(Metric metric, GroupStats g, ClientStats c, String direction, List<ConnStats> conns) {
        for (ConnStats conn : conns) {
            for (int i = 0; i < conn.tracks().size(); i++) {
                TrackStats t = conn.tracks().get(i);
                sample(metric.name(), labels("group", g.name(), "client", c.id(), "connection", conn.id(),
                        "direction", direction, "track", Integer.toString(i),
                        "kind", t.kind() == null ? "" : t.kind(), "codec", t.codec() == null ? "" : t.codec(),
                        "rid", t.rid() == null ? "" : t.rid()), metric.value().applyAsDouble(t));
            }
        }
    }

    private void jvm() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        single("jvm_memory_heap_used_bytes", "Heap in use.", heap.getUsed());
        single("jvm_memory_heap_committed_bytes", "Heap committed by the JVM.", heap.getCommitted());
        single("jvm_memory_heap_max_bytes", "Largest heap the JVM may use, -1 if undefined.", heap.getMax());
        perCollector("jvm_gc_collections_total", "Garbage collections, per collector.",
                gc -> Math.max(0, gc.getCollectionCount()));
        perCollector("jvm_gc_collection_seconds_total", "Time spent in garbage collection, per collector.",
                gc -> Math.max(0, gc.getCollectionTime()) / 1000.0);
    }

    /** A gauge family with one unlabelled sample. */
    private void single(String name, String help, double value) {
        header(name, "gauge", help);
        sample(name, "", value);
    }

    /** A counter family with one sample per garbage collector, labelled gc. */
    private void perCollector(String name, String help, ToDoubleFunction<GarbageCollectorMXBean> value) {
        header(name, "counter", help);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sample(name, labels("gc", gc.getName()), value.applyAsDouble(gc));
        }
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    public static String number(double v) {
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
    public static String labels(String... pairs) {
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
