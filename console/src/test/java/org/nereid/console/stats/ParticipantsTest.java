package org.nereid.console.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import org.nereid.console.stats.StatsRow.Column;

class ParticipantsTest {
    /** Alice publishes simulcast; bob receives the low layer with 8 % loss; a client without a name. */
    private static final String STATS = """
            [{"name":"staff","clients":[
              {"id":"a1","username":"alice","up":[{"id":"cam","tracks":[
                 {"bitrate":900000,"loss":0,"kind":"video","codec":"vp8","rid":"h","frameRate":29.5,"plis":1},
                 {"bitrate":150000,"loss":0,"kind":"video","codec":"vp8","rid":"l","frameRate":15,"plis":1},
                 {"bitrate":32000,"loss":0,"jitter":2,"kind":"audio","codec":"opus"}]}]},
              {"id":"b2","username":"bob","down":[{"id":"cam","tracks":[
                 {"bitrate":140000,"maxBitrate":180000,"loss":0.08,"rtt":12,"jitter":40,"kind":"video",
                  "codec":"vp8","rid":"l","frameRate":15,"nacks":30,"plis":%d},
                 {"bitrate":32000,"loss":0,"kind":"audio","codec":"opus"}]}]},
              {"id":"c3"}]}]""";

    private static JsonNode stats(int plis) throws Exception {
        return new ObjectMapper().readTree(STATS.formatted(plis));
    }

    @Test
    void peopleByNameWithTheirBadFiguresColoured() throws Exception {
        Participants p = new Participants();
        List<StatsRow> rows = p.rows(stats(2), null);
        StatsRow group = rows.get(0);
        assertEquals(List.of("alice", "bob", "c3"), group.children().stream().map(StatsRow::name).toList(),
                "by username, else id");
        StatsRow bob = group.children().get(1);
        assertEquals(Severity.BAD, bob.severity(Column.NAME), "the person row shows their worst figure");
        assertEquals(Severity.BAD, group.severity(Column.NAME));
        StatsRow stream = bob.children().get(0);
        assertEquals("receives cam from alice", stream.name());
        StatsRow video = stream.children().get(0);
        assertEquals("8.0", video.text(Column.LOSS));
        assertEquals(Severity.BAD, video.severity(Column.LOSS));
        assertEquals(Severity.WARN, video.severity(Column.JITTER));
        assertEquals(Severity.WARN, video.severity(Column.LAYER), "the low layer while h is published");
        assertEquals("180", video.text(Column.ESTIMATE));
        assertEquals("15.0", video.text(Column.FPS));
        assertEquals(Severity.GOOD, video.severity(Column.KEYFRAMES), "no earlier sample to compare with");
        StatsRow alice = group.children().get(0);
        assertEquals(Severity.GOOD, alice.worst());
        assertEquals("sends cam", alice.children().get(0).name());

        StatsRow again = p.rows(stats(3), "staff").get(0).children().get(1).children().get(0).children().get(0);
        assertEquals(Severity.WARN, again.severity(Column.KEYFRAMES), "a new keyframe request since the last sample");
        assertEquals(List.of(), p.rows(stats(3), "other"));
    }

    @Test
    void lossIsTheMeanOfTheLastFiveSamples() throws Exception {
        Participants p = new Participants();
        p.rows(stats(0), null);
        JsonNode repaired = new ObjectMapper().readTree(STATS.formatted(0).replace("\"loss\":0.08", "\"loss\":0"));
        StatsRow video = p.rows(repaired, null).get(0).children().get(1).children().get(0).children().get(0);
        assertEquals("4.0", video.text(Column.LOSS), "(8 + 0) / 2");
        assertEquals(Severity.WARN, video.severity(Column.LOSS));
        for (int i = 0; i < Participants.LOSS_SAMPLES - 1; i++) {
            video = p.rows(repaired, null).get(0).children().get(1).children().get(0).children().get(0);
        }
        assertEquals("0.0", video.text(Column.LOSS), "the 8 % sample has left the window");
    }

    @Test
    void linksForTheWatch() throws Exception {
        Participants p = new Participants();
        p.rows(stats(0), null);
        List<LinkWatch.Link> links = p.links();
        LinkWatch.Link bobVideo = links.stream().filter(l -> l.person().equals("bob") && l.kind().equals("video"))
                .findFirst().orElseThrow();
        assertEquals(0.08, bobVideo.loss());
        assertEquals(List.of("h", "l"), bobVideo.published());
        assertEquals(180000, bobVideo.estimate());
        assertEquals(2, links.stream().filter(l -> l.person().equals("alice")).count(), "alice's two video layers");
    }
}
