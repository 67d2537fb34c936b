package org.nereid.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatsWritersTest {
    private static final List<GroupStats> STATS = List.of(
            new GroupStats("empty", List.of()),
            new GroupStats("staff \"a\\b\"\nx", List.of(new ClientStats("c1", null,
                    List.of(new ConnStats("up1", 1_000_000, List.of(
                            new TrackStats(null, null, null, null, 32_000, 0, 0.0, 0, 2.5, "audio", "opus", 100, 0, 0,
                                    null, 4000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                            new TrackStats(1, 2, 0, 2, 800_000, 1_000_000, 0.25, 12.5, 0, "video", "vp8", 900, 3, 1,
                                    "h", 90_000, 7, 2, 1, 1, 4, 0, 29.97, 3, 120, 5, 6, 8, 9, 11, 45)))),
                    List.of()))));

    @Test
    void jsonHasGalenesFieldsAndOmitsEmptyOnes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(StatsJson.write(STATS));
        assertEquals(2, json.size());
        assertEquals(Set.of("name"), fields(json.get(0)));
        JsonNode client = json.get(1).get("clients").get(0);
        assertEquals(Set.of("id", "up"), fields(client));
        JsonNode conn = client.get("up").get(0);
        assertEquals(1_000_000, conn.get("maxBitrate").asLong());
        JsonNode audio = conn.get("tracks").get(0);
        assertEquals(Set.of("bitrate", "loss", "jitter", "kind", "codec", "packets", "nacks", "plis",
                "bytes", "lost", "resent", "layerSwitches", "unrecovered", "refused", "replays"), fields(audio));
        assertEquals(2.5, audio.get("jitter").asDouble());
        JsonNode video = conn.get("tracks").get(1);
        assertEquals(Set.of("sid", "maxSid", "tid", "maxTid", "bitrate", "maxBitrate", "loss", "rtt", "kind", "codec",
                "packets", "nacks", "plis", "rid", "bytes", "lost", "resent", "layerSwitches", "unrecovered", "refused",
                "replays", "frameRate", "probes", "padding", "owedRepairs", "tailPadding", "tailNacks", "delayedFrames", "dlrrs",
                "layerDrops"),
                fields(video));
        assertEquals(3, video.get("probes").asLong());
        assertEquals(45, video.get("layerDrops").asLong());
        assertEquals(120, video.get("padding").asLong());
        assertEquals(5, video.get("owedRepairs").asLong());
        assertEquals(6, video.get("tailPadding").asLong());
        assertEquals(8, video.get("tailNacks").asLong());
        assertEquals(9, video.get("delayedFrames").asLong());
        assertEquals(11, video.get("dlrrs").asLong());
        assertEquals(30.0, video.get("frameRate").asDouble(), "one decimal");
        assertEquals(1, video.get("layerSwitches").asLong());
        assertEquals(4, video.get("refused").asLong());
        assertEquals("h", video.get("rid").asText());
        assertEquals(7, video.get("lost").asLong());
        assertEquals(12.5, video.get("rtt").asDouble());
        assertEquals(0.25, video.get("loss").asDouble());
        assertEquals(0, video.get("tid").asInt());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void prometheusOutputIsValidExpositionFormat() {
        Map<String, List<Map<String, String>>> samples = PrometheusText.parse(PrometheusWriter.write(STATS));
        List<Map<String, String>> loss = samples.get("nereid_track_loss_ratio");
        assertEquals(2, loss.size());
        Map<String, String> video = loss.get(1);
        assertEquals("staff \"a\\b\"\nx", video.get("group"), "label values escaped and read back");
        assertEquals("up", video.get("direction"));
        assertEquals("vp8", video.get("codec"));
        assertEquals("0.25", video.get("__value"));
        assertEquals("0.0125", samples.get("nereid_track_rtt_seconds").get(1).get("__value"));
        assertEquals("3", samples.get("nereid_track_nacks_total").get(1).get("__value"));
        assertEquals("0", samples.get("nereid_group_clients").get(0).get("__value"));
        assertEquals("h", samples.get("nereid_track_bytes_total").get(1).get("rid"));
        assertEquals("90000", samples.get("nereid_track_bytes_total").get(1).get("__value"));
        assertEquals("1", samples.get("nereid_track_keyframe_requests_total").get(1).get("__value"));
        assertEquals("2", samples.get("nereid_track_nack_resent_total").get(1).get("__value"));
        assertEquals("1", samples.get("nereid_track_layer_switches_total").get(1).get("__value"));
        assertEquals("1", samples.get("nereid_track_nack_unrecovered_total").get(1).get("__value"));
        assertEquals("4", samples.get("nereid_track_nack_refused_total").get(1).get("__value"));
        assertEquals("3", samples.get("nereid_track_rate_probes_total").get(1).get("__value"));
        assertEquals("120", samples.get("nereid_track_probe_padding_packets_total").get(1).get("__value"));
        assertEquals("5", samples.get("nereid_track_probe_owed_repairs_total").get(1).get("__value"));
        assertEquals("6", samples.get("nereid_track_tail_padding_packets_total").get(1).get("__value"));
        assertEquals("8", samples.get("nereid_track_tail_nacks_total").get(1).get("__value"));
        assertEquals("9", samples.get("nereid_track_delayed_frames_total").get(1).get("__value"));
        assertEquals("11", samples.get("nereid_track_xr_dlrr_total").get(1).get("__value"));
        assertEquals("45", samples.get("nereid_track_layer_dropped_packets_total").get(1).get("__value"));
        assertEquals("1", samples.get("nereid_groups").get(0).get("__value"), "only groups with clients count");
        assertEquals("1", samples.get("nereid_streams").stream().filter(l -> "up".equals(l.get("direction")))
                .findFirst().orElseThrow().get("__value"));
        assertTrue(Long.parseLong(samples.get("jvm_memory_heap_used_bytes").get(0).get("__value")) > 0);
        assertTrue(samples.get("jvm_gc_collections_total").size() >= 1);
        assertTrue(samples.get("jvm_gc_collections_total").get(0).containsKey("gc"));
    }

    @Test
    void numbersAreWrittenAsPrometheusReadsThem() {
        assertEquals("12", PrometheusWriter.number(12));
        assertEquals("0.5", PrometheusWriter.number(0.5));
        assertEquals("NaN", PrometheusWriter.number(Double.NaN));
        assertEquals("+Inf", PrometheusWriter.number(Double.POSITIVE_INFINITY));
    }
}
