package org.nereid.console.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThresholdsTest {
    @Test
    void lossIsAmberAboveTwoAndRedAboveFivePerCent() {
        assertEquals(Severity.GOOD, Thresholds.loss(0));
        assertEquals(Severity.GOOD, Thresholds.loss(0.02));
        assertEquals(Severity.WARN, Thresholds.loss(0.021));
        assertEquals(Severity.WARN, Thresholds.loss(0.05));
        assertEquals(Severity.BAD, Thresholds.loss(0.051));
    }

    @Test
    void jitterRoundTripAndFrameRate() {
        assertEquals(Severity.GOOD, Thresholds.jitter(30));
        assertEquals(Severity.WARN, Thresholds.jitter(31));
        assertEquals(Severity.BAD, Thresholds.jitter(51));
        assertEquals(Severity.GOOD, Thresholds.rtt(200));
        assertEquals(Severity.WARN, Thresholds.rtt(250));
        assertEquals(Severity.BAD, Thresholds.rtt(401));
        assertEquals(Severity.GOOD, Thresholds.frameRate(0), "a stopped or unknown video is not judged");
        assertEquals(Severity.BAD, Thresholds.frameRate(4));
        assertEquals(Severity.WARN, Thresholds.frameRate(12));
        assertEquals(Severity.GOOD, Thresholds.frameRate(15));
    }

    @Test
    void aKeyframeRequestOrALowerLayerIsWorthALook() {
        assertEquals(Severity.GOOD, Thresholds.keyframeRequests(0));
        assertEquals(Severity.WARN, Thresholds.keyframeRequests(1));
        assertEquals(Severity.WARN, Thresholds.layer("l", List.of("h", "l")));
        assertEquals(Severity.GOOD, Thresholds.layer("h", List.of("h", "l")));
        assertEquals(Severity.GOOD, Thresholds.layer("l", List.of("l")), "the best there is");
        assertEquals(Severity.GOOD, Thresholds.layer("", List.of("h", "l")), "not simulcast");
    }

    @Test
    void severitiesCombineAndStyle() {
        assertEquals(Severity.BAD, Severity.WARN.worst(Severity.BAD));
        assertEquals(Severity.WARN, Severity.WARN.worst(Severity.GOOD));
        assertEquals("severity-bad", Severity.BAD.styleClass());
        assertEquals(null, Severity.GOOD.styleClass());
        assertTrue(Thresholds.legend().contains("loss > 5 %") && Thresholds.legend().contains("loss > 2 %"),
                Thresholds.legend());
    }
}
