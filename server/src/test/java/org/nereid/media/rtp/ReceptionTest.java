package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** RFC 3550 appendix A.1, A.3 and A.8 cases: loss, reordering, duplicates, wrap-around, restarts, jitter. */
class ReceptionTest {
    private static final int RATE = 90_000;
    private static final long MS = 1_000_000;

    /** Feeds sequence numbers with 20 ms of RTP time and arrival time between consecutive ones. */
    private static Reception fed(int... seqs) {
        Reception r = new Reception(RATE);
        for (int seq : seqs) {
            r.received(seq, seq * 1800L, seq * 20 * MS);
        }
        return r;
    }

    @Test
    void nothingReceivedGivesNoReport() {
        assertNull(new Reception(RATE).report(1, 0, 0));
    }

    @Test
    void inOrderPacketsLoseNothing() {
        Reception r = fed(100, 101, 102, 103);
        ReportBlock b = r.report(7, 0, 0);
        assertEquals(7, b.ssrc());
        assertEquals(103, b.extendedHighest());
        assertEquals(0, b.cumulativeLost());
        assertEquals(0, b.fractionLost());
        assertEquals(4, r.received());
    }

    @Test
    void gapsAreLossAndTheFractionCoversOnlyTheInterval() {
        Reception r = fed(10, 11, 14, 15); // 12 and 13 lost: 2 of 6 expected
        ReportBlock first = r.report(1, 0, 0);
        assertEquals(2, first.cumulativeLost());
        assertEquals((2 << 8) / 6, first.fractionLost());
        r.received(16, 16 * 1800L, 16 * 20 * MS);
        r.received(17, 17 * 1800L, 17 * 20 * MS);
        ReportBlock second = r.report(1, 0, 0);
        assertEquals(2, second.cumulativeLost(), "still the two lost at the start");
        assertEquals(0, second.fractionLost(), "nothing lost in the second interval");
    }

    @Test
    void aLatePacketFillsItsGap() {
        Reception r = fed(1, 2, 4, 5, 3);
        ReportBlock b = r.report(1, 0, 0);
        assertEquals(5, b.extendedHighest(), "a late packet does not move the highest");
        assertEquals(0, b.cumulativeLost());
    }

    @Test
    void duplicatesCountAsReceivedSoLossCanGoNegative() {
        Reception r = fed(1, 2, 2, 3, 3);
        ReportBlock b = r.report(1, 0, 0);
        assertEquals(-2, b.cumulativeLost(), "RFC 3550 6.4.1: duplicates make the cumulative loss negative");
        assertEquals(0, b.fractionLost(), "a negative interval loss reports as 0");
    }

    @Test
    void wrapAroundCountsACycle() {
        Reception r = fed(65534, 65535, 0, 1);
        ReportBlock b = r.report(1, 0, 0);
        assertEquals(65536 + 1, b.extendedHighest());
        assertEquals(0, b.cumulativeLost());
        Reception reordered = fed(65534, 0, 65535, 1);
        assertEquals(65536 + 1, reordered.report(1, 0, 0).extendedHighest(), "a late packet from before the wrap");
        assertEquals(0, reordered.cumulativeLost());
    }

    @Test
    void aSingleJumpIsIgnoredButTwoInSequenceRestart() {
        Reception r = fed(100, 101, 30000);
        assertEquals(101, r.extendedHighest(), "one stray packet far away is not believed");
        assertEquals(2, r.received());
        r.received(30001, 0, 0);
        r.received(30002, 0, 0);
        assertEquals(30002, r.extendedHighest(), "the source restarted its sequence");
        assertEquals(2, r.received(), "counting restarts at the new sequence");
        assertEquals(0, r.cumulativeLost());
    }

    @Test
    void steadyArrivalHasNoJitter() {
        Reception r = fed(1, 2, 3, 4, 5, 6, 7, 8);
        assertEquals(0.0, r.jitter(), 1e-9);
    }

    @Test
    void jitterFollowsTheRfcEstimator() {
        Reception r = new Reception(RATE);
        // timestamps 20 ms apart; arrivals alternate 10 ms early and on time
        r.received(1, 0, 0);
        r.received(2, 1800, 30 * MS); // transit grows by 10 ms = 900 units
        double expected = 900 / 16.0;
        assertEquals(expected, r.jitter(), 1e-6);
        r.received(3, 3600, 40 * MS); // transit shrinks by 10 ms
        expected += (900 - expected) / 16;
        assertEquals(expected, r.jitter(), 1e-6);
        ReportBlock b = r.report(1, 0, 0);
        assertEquals((long) expected, b.jitter(), "reported in timestamp units");
    }

    @Test
    void packetsOfOneFrameDoNotCountAsJitter() {
        Reception r = new Reception(RATE);
        r.received(1, 1000, 0);
        r.received(2, 1000, 5 * MS);
        r.received(3, 1000, 9 * MS);
        r.received(4, 2800, 20 * MS);
        assertEquals(0.0, r.jitter(), 1e-9, "only the first packet of each timestamp is timed");
    }

    @Test
    void timestampWrapAroundIsNotJitter() {
        Reception r = new Reception(RATE);
        r.received(1, 0xFFFFFFFFL - 899, 0);
        r.received(2, 900, 20 * MS);
        assertEquals(0.0, r.jitter(), 1e-6);
    }
}
