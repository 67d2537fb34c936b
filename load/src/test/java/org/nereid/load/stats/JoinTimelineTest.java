package org.nereid.load.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JoinTimelineTest {
    @Test
    void aStepCountsItsFirstTimeOnlyAndAMissingStepIsMinusOne() throws InterruptedException {
        JoinTimeline t = new JoinTimeline(System.nanoTime());
        assertEquals(-1, t.elapsedNanos(JoinTimeline.Step.ICE));
        t.mark(JoinTimeline.Step.ICE);
        long first = t.elapsedNanos(JoinTimeline.Step.ICE);
        Thread.sleep(5);
        t.mark(JoinTimeline.Step.ICE);      // a second stream's ICE: the subscriber's join was the first
        assertEquals(first, t.elapsedNanos(JoinTimeline.Step.ICE));
        assertTrue(first >= 0);
        assertEquals(-1, t.elapsedNanos(JoinTimeline.Step.FIRST_PACKET));
    }
}
