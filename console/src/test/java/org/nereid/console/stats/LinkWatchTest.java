package org.nereid.console.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LinkWatchTest {
    private static LinkWatch.Link down(String person, double loss, String layer, long estimate) {
        return new LinkWatch.Link(person + "/cam/1", person, "down", "cam", "video", loss, layer, List.of("h", "l"),
                estimate);
    }

    @Test
    void aLossJumpALayerDropAndAnEstimateFallAreCollapses() {
        LinkWatch w = new LinkWatch();
        assertEquals(List.of(), w.check(List.of(down("bob", 0, "h", 2_000_000), down("eve", 0, "h", 2_000_000),
                down("ann", 0, "h", 2_000_000)), 0), "nothing to compare the first sample with");
        List<LinkWatch.Alert> alerts = w.check(List.of(down("bob", 0.15, "h", 2_000_000),
                down("eve", 0, "l", 2_000_000), down("ann", 0, "h", 500_000)), 1000);
        assertEquals(3, alerts.size(), alerts.toString());
        assertEquals("bob", alerts.get(0).person());
        assertTrue(alerts.get(0).text().contains("15 %"), alerts.get(0).text());
        assertTrue(alerts.get(1).text().contains("lowest layer"), alerts.get(1).text());
        assertTrue(alerts.get(2).text().contains("from 2000 to 500 kbit/s"), alerts.get(2).text());
    }

    @Test
    void averagedLossClimbingWithinSecondsOfBeingFineIsACollapseToldOnce() {
        LinkWatch w = new LinkWatch();
        double[] climb = {0, 0.06, 0.12, 0.18, 0.24, 0.3};
        List<LinkWatch.Alert> all = new java.util.ArrayList<>();
        for (int i = 0; i < climb.length; i++) {
            all.addAll(w.check(List.of(down("bob", climb[i], "h", 0)), i * 1000L));
        }
        assertEquals(1, all.size(), all.toString());
        assertTrue(all.get(0).text().contains("12 %"), all.get(0).text());

        LinkWatch slow = new LinkWatch();
        slow.check(List.of(down("eve", 0, "h", 0)), 0);
        slow.check(List.of(down("eve", 0.06, "h", 0)), 1000);
        assertEquals(List.of(), slow.check(List.of(down("eve", 0.12, "h", 0)), 20_000),
                "a slow decline over twenty seconds is not a collapse");
    }

    @Test
    void lossThatStaysHighOrSmallChangesAreNotNews() {
        LinkWatch w = new LinkWatch();
        w.check(List.of(down("bob", 0.08, "h", 2_000_000)), 0);
        assertEquals(List.of(), w.check(List.of(down("bob", 0.2, "h", 1_500_000)), 1000),
                "already bad before: not a collapse; a 25 % lower estimate is ordinary");
        assertEquals(List.of(), w.check(List.of(down("bob", 0.01, "h", 1_400_000)), 2000), "recovering");
        LinkWatch low = new LinkWatch();
        low.check(List.of(down("eve", 0, "h", 250_000)), 0);
        assertEquals(List.of(), low.check(List.of(down("eve", 0, "h", 50_000)), 1000), "already below the floor");
        LinkWatch audio = new LinkWatch();
        LinkWatch.Link a = new LinkWatch.Link("k", "ann", "down", "cam", "audio", 0, "", List.of(), 512_000);
        audio.check(List.of(a), 0);
        assertEquals(List.of(), audio.check(List.of(new LinkWatch.Link("k", "ann", "down", "cam", "audio", 0, "",
                List.of(), 17_000)), 1000), "an audio track's estimate is no news");
    }

    @Test
    void alertsAreRateLimitedPerPersonAndInAll() {
        LinkWatch w = new LinkWatch();
        w.check(List.of(down("bob", 0, "h", 0)), 0);
        assertEquals(1, w.check(List.of(down("bob", 0.3, "h", 0)), 1_000).size());
        w.check(List.of(down("bob", 0, "h", 0)), 2_000);
        assertEquals(0, w.check(List.of(down("bob", 0.3, "h", 0)), 3_000).size(), "bob again within a minute");
        w.check(List.of(down("bob", 0, "h", 0)), 62_000);
        assertEquals(1, w.check(List.of(down("bob", 0.3, "h", 0)), 63_000).size(), "a minute later");

        LinkWatch crowd = new LinkWatch();
        List<String> people = List.of("a", "b", "c", "d", "e");
        crowd.check(people.stream().map(p -> down(p, 0, "h", 0)).toList(), 0);
        List<LinkWatch.Alert> storm = crowd.check(people.stream().map(p -> down(p, 0.5, "h", 0)).toList(), 1000);
        assertEquals(LinkWatch.PER_MINUTE, storm.size(), "a bad meeting does not spam: " + storm);
    }
}
