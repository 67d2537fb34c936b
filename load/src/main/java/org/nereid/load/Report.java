package org.nereid.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.nereid.load.media.Clip;
import org.nereid.load.rtc.Publisher;
import org.nereid.load.rtc.Subscriber;
import org.nereid.load.stats.JoinTimeline;
import org.nereid.load.stats.LatencyHistogram;
import org.nereid.load.stats.StreamReception;
import org.nereid.load.stats.ToolStalls;

/**
 * The end of a run: a table for people and the same figures as JSON. Rates
 * and server CPU cover the measured window; loss covers each subscriber's
 * whole life (from its first packet to the publishers' last, after the
 * network drained); latency covers the window.
 */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;

    private Report(ObjectNode root) {
        this.root = root;
    }

    static Report of(LoadOptions o, Clip clip, double joinSeconds, Progress.Snapshot start, Progress.Snapshot end,
                     List<Publisher> publishers, List<Subscriber> subscribers, LatencyHistogram latency,
                     List<Progress.ServerPoint> series, Churn<?> churn) {
        ObjectNode r = JSON.createObjectNode();
        double window = (end.nanos() - start.nanos()) / 1e9;
        r.put("server", o.server.toString());
        r.put("groups", o.groups);
        r.put("publishersPerGroup", o.publishers);
        r.put("subscribersPerGroup", o.subscribers);
        r.put("windowSeconds", round(window, 2));
        r.put("joinSeconds", round(joinSeconds, 2));
        r.put("clipBitsPerSecond", Math.round(clip.bitsPerSecond()));
        r.put("nack", o.nack);

        long forwarded = end.packets() - start.packets();
        ObjectNode fwd = r.putObject("forwarded");
        fwd.put("packets", forwarded);
        fwd.put("packetsPerSecond", round(forwarded / window, 1));
        fwd.put("bitsPerSecond", Math.round((end.bytes() - start.bytes()) * 8 / window));
        r.putObject("published").put("packets", publishers.stream().mapToLong(Publisher::sent).sum());

        ArrayNode subs = r.putArray("subscribers");
        long lost = 0;
        long expected = 0;
        long duplicates = 0;
        long reordered = 0;
        long unmatched = 0;
        double worst = 0;
        String worstName = "";
        List<Double> joins = new ArrayList<>();
        int never = 0;
        List<String> failures = new ArrayList<>();
        publishers.stream().map(Publisher::failure).filter(f -> f != null).forEach(failures::add);
        for (Subscriber s : subscribers) {
            long sLost = 0;
            long sExpected = 0;
            long sReceived = 0;
            for (StreamReception rec : s.receptions()) {
                sLost += rec.lost();
                sExpected += rec.expected();
                sReceived += rec.unique();
                duplicates += rec.duplicates();
                reordered += rec.reordered();
                unmatched += rec.unmatched();
            }
            lost += sLost;
            expected += sExpected;
            double pct = Progress.percent(sLost, sExpected);
            if (pct >= worst) {
                worst = pct;
                worstName = s.name();
            }
            long join = s.joinToFirstPacketNanos();
            if (join < 0) {
                never++;
            } else {
                joins.add(join / 1e6);
            }
            ObjectNode one = subs.addObject();
            one.put("name", s.name());
            one.put("expected", sExpected);
            one.put("received", sReceived);
            one.put("lost", sLost);
            one.put("lossPercent", round(pct, 4));
            one.put("joinToFirstPacketMs", join < 0 ? null : round(join / 1e6, 1));
            if (s.failure() != null) {
                one.put("failure", s.failure());
                failures.add(s.failure());
            }
        }
        ObjectNode loss = r.putObject("loss");
        loss.put("percent", round(Progress.percent(lost, expected), 4));
        loss.put("lost", lost);
        loss.put("expected", expected);
        // the window alone: packets sent after it began (a subscriber that joined later: its life)
        long windowLost = 0;
        long windowExpected = 0;
        for (Subscriber s : subscribers) {
            for (StreamReception rec : s.receptions()) {
                windowLost += rec.inWindow() ? rec.windowLost() : rec.lost();
                windowExpected += rec.inWindow() ? rec.windowExpected() : rec.expected();
            }
        }
        loss.put("windowPercent", round(Progress.percent(windowLost, windowExpected), 4));
        loss.put("worstSubscriber", worstName);
        loss.put("worstPercent", round(worst, 4));
        loss.put("duplicates", duplicates);
        loss.put("reordered", reordered);
        loss.put("nacksSent", subscribers.stream().mapToLong(Subscriber::nacksSent).sum());

        ObjectNode lat = r.putObject("latencyMs");
        lat.put("p50", round(latency.percentileNanos(0.5) / 1e6, 3));
        lat.put("p99", round(latency.percentileNanos(0.99) / 1e6, 3));
        lat.put("max", round(latency.maxNanos() / 1e6, 3));
        lat.put("samples", latency.count());
        lat.put("unmatched", unmatched);
        ToolStalls.Sample stalled = end.stalls().since(start.stalls());
        ObjectNode stalls = lat.putObject("toolStalls");
        stalls.put("atLeastMs", ToolStalls.STALL_NANOS / 1e6);
        stalls.put("count", stalled.count());
        stalls.put("totalMs", round(stalled.totalNanos() / 1e6, 1));
        stalls.put("longestMs", round(stalled.longestNanos() / 1e6, 1));

        ObjectNode join = r.putObject("joinToFirstPacketMs");
        double[] sorted = joins.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        join.put("p50", round(percentile(sorted, 0.5), 1));
        join.put("p99", round(percentile(sorted, 0.99), 1));
        join.put("max", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1], 1));
        join.put("receiving", sorted.length);
        join.put("never", never);

        ObjectNode steps = r.putObject("joinStepsP50Ms");
        for (JoinTimeline.Step step : JoinTimeline.Step.values()) {
            double[] times = subscribers.stream().mapToLong(s -> s.timeline().elapsedNanos(step)).filter(t -> t >= 0)
                    .mapToDouble(t -> t / 1e6).sorted().toArray();
            steps.put(step.name().toLowerCase(Locale.ROOT), times.length == 0 ? null : round(percentile(times, 0.5), 1));
        }

        if (start.server() != null) {
            ObjectNode srv = r.putObject("serverProcess");
            double cpu = end.server().cpuSeconds() - start.server().cpuSeconds();
            srv.put("pid", o.serverPid);
            srv.put("cpuSeconds", round(cpu, 2));
            srv.put("cpuPercentOfOneCore", round(cpu / window * 100, 1));
            srv.put("cpuMicrosPerForwardedPacket", forwarded == 0 ? null : round(cpu * 1e6 / forwarded, 3));
            srv.put("threadsStart", start.server().threads());
            srv.put("threadsEnd", end.server().threads());
            srv.put("rssStartMiB", round(start.server().rssKib() / 1024.0, 1));
            srv.put("rssEndMiB", round(end.server().rssKib() / 1024.0, 1));
            ObjectNode threads = srv.putObject("cpuPercentByThreads");
            end.server().cpuByThreads().entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - start.server().cpuByThreads().getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> threads.put(e.getKey(), round(e.getValue() / window * 100, 1)));
            ArrayNode points = srv.putArray("series");
            for (Progress.ServerPoint p : series) {
                points.addObject().put("second", p.second()).put("cpuSeconds", round(p.cpuSeconds(), 2))
                        .put("threads", p.threads()).put("rssMiB", round(p.rssKib() / 1024.0, 1));
            }
        }
        if (churn != null) {
            ObjectNode c = r.putObject("churn");
            c.put("perSecond", o.churn);
            c.put("left", churn.left());
            c.put("joined", churn.joined());
            c.put("failedJoins", churn.failures().size());
            failures.addAll(churn.failures());
        }
        ArrayNode f = r.putArray("failures");
        failures.forEach(f::add);
        return new Report(r);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
    }

    private static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }

    /** Whether anything reached a subscriber. */
    boolean anyForwarded() {
        return root.path("forwarded").path("packets").asLong() > 0;
    }

    String json() {
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeJson(Path file) throws IOException {
        Files.writeString(file, json() + "\n");
    }

    /** The summary table. */
    String table() {
        StringBuilder b = new StringBuilder();
        row(b, "groups × (publishers + subscribers)", root.path("groups").asInt() + " × ("
                + root.path("publishersPerGroup").asInt() + " + " + root.path("subscribersPerGroup").asInt() + ")");
        row(b, "measured window", root.path("windowSeconds").asDouble() + " s");
        if (root.has("churn")) {
            JsonNode c = root.path("churn");
            row(b, "churn", String.format(Locale.ROOT, "%.2f/s: %d left, %d joined, %d joins failed",
                    c.path("perSecond").asDouble(), c.path("left").asInt(), c.path("joined").asInt(),
                    c.path("failedJoins").asInt()));
        }
        row(b, "clip bitrate", String.format(Locale.ROOT, "%.2f Mbit/s", root.path("clipBitsPerSecond").asDouble() / 1e6));
        ObjectNode fwd = (ObjectNode) root.path("forwarded");
        row(b, "forwarded", String.format(Locale.ROOT, "%,.0f pkt/s, %.1f Mbit/s", fwd.path("packetsPerSecond").asDouble(),
                fwd.path("bitsPerSecond").asDouble() / 1e6));
        ObjectNode loss = (ObjectNode) root.path("loss");
        row(b, "loss (all subscribers)", String.format(Locale.ROOT, "%.4f %% (%d of %d), worst %s %.4f %%",
                loss.path("percent").asDouble(), loss.path("lost").asLong(), loss.path("expected").asLong(),
                loss.path("worstSubscriber").asText(), loss.path("worstPercent").asDouble()));
        row(b, "loss in the measured window", String.format(Locale.ROOT, "%.4f %%", loss.path("windowPercent").asDouble()));
        row(b, "duplicates / reordered / NACKs", loss.path("duplicates").asLong() + " / " + loss.path("reordered").asLong()
                + " / " + loss.path("nacksSent").asLong());
        ObjectNode lat = (ObjectNode) root.path("latencyMs");
        row(b, "added latency p50 / p99 / max", String.format(Locale.ROOT, "%.3f / %.3f / %.3f ms (%d samples)",
                lat.path("p50").asDouble(), lat.path("p99").asDouble(), lat.path("max").asDouble(), lat.path("samples").asLong()));
        JsonNode stalls = lat.path("toolStalls");
        row(b, "the tool's own stalls ≥ " + stalls.path("atLeastMs").asInt() + " ms",
                String.format(Locale.ROOT, "%d, %.1f ms in all, the longest %.1f ms (counted above as the server's)",
                        stalls.path("count").asLong(), stalls.path("totalMs").asDouble(), stalls.path("longestMs").asDouble()));
        ObjectNode join = (ObjectNode) root.path("joinToFirstPacketMs");
        row(b, "join → first packet p50 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%d never)",
                join.path("p50").asDouble(), join.path("p99").asDouble(), join.path("max").asDouble(), join.path("never").asInt()));
        StringBuilder steps = new StringBuilder();
        root.path("joinStepsP50Ms").fields().forEachRemaining(e -> steps.append(steps.length() == 0 ? "" : ", ")
                .append(e.getKey()).append(' ').append(e.getValue().asText()));
        row(b, "join steps, p50 ms from the start", steps.toString());
        if (root.has("serverProcess")) {
            ObjectNode s = (ObjectNode) root.path("serverProcess");
            row(b, "server CPU", String.format(Locale.ROOT, "%.2f s (%.1f %% of a core), %.3f µs per forwarded packet",
                    s.path("cpuSeconds").asDouble(), s.path("cpuPercentOfOneCore").asDouble(),
                    s.path("cpuMicrosPerForwardedPacket").asDouble()));
            StringBuilder profile = new StringBuilder();
            s.path("cpuPercentByThreads").fields().forEachRemaining(e -> {
                if (profile.length() < 120) {
                    profile.append(profile.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                            .append(e.getValue().asDouble()).append(" %");
                }
            });
            row(b, "server CPU by threads (% of a core)", profile.toString());
            row(b, "server threads", s.path("threadsStart").asInt() + " → " + s.path("threadsEnd").asInt());
            row(b, "server RSS", s.path("rssStartMiB").asDouble() + " → " + s.path("rssEndMiB").asDouble() + " MiB");
        }
        root.path("failures").forEach(f -> row(b, "failure", f.asText()));
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        char[] pad = new char[Math.max(1, 38 - name.length())];
        Arrays.fill(pad, ' ');
        b.append(name).append(pad).append(value).append('\n');
    }
}
