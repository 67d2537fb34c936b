package org.nereid.console.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.console.stats.StatsRow.Column;

/**
 * Turns the admin API's statistics into the rows of "who is suffering": groups → people (by
 * name, else id) → the streams they publish (up) and receive (down, named after whom they
 * come from) → tracks with their figures judged by {@link Thresholds}. Keeps the keyframe
 * request counts of the last sample, as those are cumulative and a new one means a freeze.
 * Each down and up track is also reported to a {@link LinkWatch} as an {@link LinkWatch.Link}.
 */
public final class Participants {
    /**
     * Loss is shown as the mean of this many samples (seconds): a receiver's report covers a
     * short interval, and with NACK repair one report says 0 % and the next 60 %.
     */
    public static final int LOSS_SAMPLES = 5;
    private Map<String, Long> lastKeyframeRequests = new HashMap<>();
    private Map<String, double[]> recentLoss = new HashMap<>();
    private final List<LinkWatch.Link> links = new ArrayList<>();

    /** The rows of {@code stats} for one group ({@code group} non-null) or for the whole server. */
    public List<StatsRow> rows(JsonNode stats, String group) {
        Map<String, Long> keyframes = new HashMap<>();
        Map<String, double[]> losses = new HashMap<>();
        links.clear();
        List<StatsRow> rows = new ArrayList<>();
        for (JsonNode g : stats) {
            String groupName = g.path("name").asText();
            if (group != null && !group.equals(groupName)) {
                continue;
            }
            Publishers publishers = Publishers.of(g);
            StatsRow gr = new StatsRow(groupName + " (group)");
            for (JsonNode c : g.path("clients")) {
                String person = name(c);
                StatsRow pr = new StatsRow(person);
                pr.set(Column.KIND, "person");
                String key = groupName + "/" + c.path("id").asText();
                Samples samples = new Samples(keyframes, losses);
                streams(pr, person, key, "up", c.path("up"), publishers, samples);
                streams(pr, person, key, "down", c.path("down"), publishers, samples);
                pr.set(Column.NAME, person, pr.worst());
                gr.add(pr);
            }
            gr.set(Column.NAME, gr.name(), gr.worst());
            rows.add(gr);
        }
        lastKeyframeRequests = keyframes;
        recentLoss = losses;
        return rows;
    }

    /** What this sample records for the next: keyframe request counts and recent losses by track. */
    private record Samples(Map<String, Long> keyframes, Map<String, double[]> losses) {
    }

    /** The mean loss of the last {@link #LOSS_SAMPLES} samples of a track, this one included. */
    private double meanLoss(String key, double loss, Samples samples) {
        double[] before = recentLoss.get(key);
        double[] now = new double[before == null ? 1 : Math.min(LOSS_SAMPLES, before.length + 1)];
        now[0] = loss;
        if (before != null) {
            System.arraycopy(before, 0, now, 1, now.length - 1);
        }
        samples.losses().put(key, now);
        double sum = 0;
        for (double l : now) {
            sum += l;
        }
        return sum / now.length;
    }

    /** The links seen by the last {@link #rows} call. */
    public List<LinkWatch.Link> links() {
        return List.copyOf(links);
    }

    /** A person's name: the username they joined with, else their client id. */
    static String name(JsonNode client) {
        String username = client.path("username").asText("");
        return username.isEmpty() ? client.path("id").asText() : username;
    }

    private void streams(StatsRow person, String name, String key, String direction, JsonNode conns,
                         Publishers publishers, Samples samples) {
        for (JsonNode conn : conns) {
            String id = conn.path("id").asText();
            String from = direction.equals("down") ? publishers.owner(id) : null;
            StatsRow sr = new StatsRow(direction.equals("up") ? "sends " + id
                    : "receives " + id + (from == null ? "" : " from " + from));
            sr.set(Column.KIND, direction);
            int n = 0;
            for (JsonNode t : conn.path("tracks")) {
                String trackKey = key + "/" + direction + "/" + id + "/" + n++;
                double loss = meanLoss(trackKey, t.path("loss").asDouble(), samples);
                sr.add(track(t, trackKey, loss, direction.equals("down") ? publishers.layers(id) : List.of(),
                        samples.keyframes()));
                if (direction.equals("down") || "video".equals(t.path("kind").asText())) {
                    links.add(new LinkWatch.Link(trackKey, name, direction, id, t.path("kind").asText(),
                            loss, t.path("rid").asText(""),
                            direction.equals("down") ? publishers.layers(id) : List.of(),
                            direction.equals("down") ? t.path("maxBitrate").asLong() : 0));
                }
            }
            sr.set(Column.NAME, sr.name(), sr.worst());
            person.add(sr);
        }
    }

    private StatsRow track(JsonNode t, String key, double loss, List<String> published, Map<String, Long> keyframes) {
        String kind = t.path("kind").asText("");
        boolean video = kind.equals("video");
        StatsRow r = new StatsRow(kind.isEmpty() ? "track" : kind);
        r.set(Column.KIND, t.path("codec").asText(""));
        String rid = t.path("rid").asText("");
        r.set(Column.LAYER, rid, Thresholds.layer(rid, published));
        r.set(Column.BITRATE, kbit(t.path("bitrate").asLong()));
        if (t.has("maxBitrate")) {
            r.set(Column.ESTIMATE, kbit(t.path("maxBitrate").asLong()));
        }
        r.set(Column.LOSS, String.format(Locale.ROOT, "%.1f", loss * 100), Thresholds.loss(loss));
        if (t.has("jitter")) {
            double jitter = t.path("jitter").asDouble();
            r.set(Column.JITTER, String.format(Locale.ROOT, "%.1f", jitter), Thresholds.jitter(jitter));
        }
        if (t.has("rtt")) {
            double rtt = t.path("rtt").asDouble();
            r.set(Column.RTT, String.format(Locale.ROOT, "%.0f", rtt), Thresholds.rtt(rtt));
        }
        if (video && t.has("frameRate")) {
            double fps = t.path("frameRate").asDouble();
            r.set(Column.FPS, String.format(Locale.ROOT, "%.1f", fps), Thresholds.frameRate(fps));
        }
        if (t.has("nacks")) {
            r.set(Column.NACKS, Long.toString(t.path("nacks").asLong()));
        }
        if (t.has("plis")) {
            long plis = t.path("plis").asLong();
            keyframes.put(key, plis);
            Long before = lastKeyframeRequests.get(key);
            r.set(Column.KEYFRAMES, Long.toString(plis),
                    Thresholds.keyframeRequests(before == null ? 0 : plis - before));
        }
        return r;
    }

    private static String kbit(long bps) {
        return String.format(Locale.ROOT, "%.0f", bps / 1000.0);
    }

    /** Who publishes each up stream of a group, and the simulcast layers of its video. */
    private record Publishers(Map<String, String> owners, Map<String, List<String>> rids) {
        static Publishers of(JsonNode group) {
            Map<String, String> owners = new HashMap<>();
            Map<String, List<String>> rids = new HashMap<>();
            for (JsonNode c : group.path("clients")) {
                for (JsonNode conn : c.path("up")) {
                    String id = conn.path("id").asText();
                    owners.put(id, name(c));
                    List<String> layers = new ArrayList<>();
                    for (JsonNode t : conn.path("tracks")) {
                        if ("video".equals(t.path("kind").asText()) && t.has("rid")
                                && t.path("bitrate").asLong() > 0) {
                            layers.add(t.path("rid").asText());
                        }
                    }
                    rids.put(id, layers);
                }
            }
            return new Publishers(owners, rids);
        }

        String owner(String stream) {
            return owners.get(stream);
        }

        List<String> layers(String stream) {
            return rids.getOrDefault(stream, List.of());
        }
    }
}
