package org.nereid.media.nack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TailPaddingTest {
    private static final long MS = 1_000_000L;
    private final TailPadding tails = new TailPadding();

    @Test
    void aReceiverThatNeverAskedGetsNoPadding() {
        for (long t = 0; t < 1_000 * MS; t += 50 * MS) {
            assertFalse(tails.atFrameEnd(t));
        }
        assertEquals(0, tails.packets());
    }

    @Test
    void eachFrameIsPaddedWhileTheReceiverAsksAndNotAfter() {
        long t = 5_000 * MS;
        tails.nacked(t);
        int padded = 0;
        for (long now = t; now < t + TailPadding.ACTIVE_NANOS; now += 50 * MS) {
            padded += tails.atFrameEnd(now) ? 1 : 0;
        }
        assertEquals(TailPadding.ACTIVE_NANOS / (50 * MS), padded, "every frame of 20 fps");
        assertFalse(tails.atFrameEnd(t + TailPadding.ACTIVE_NANOS + MS), "a receiver quiet for 2 s is clean again");
        tails.nacked(t + 3_000 * MS);
        assertTrue(tails.atFrameEnd(t + 3_010 * MS));
        assertEquals(padded + 1, tails.packets());
    }

    @Test
    void framesCloserThanTheMinimumGapShareOnePadding() {
        tails.nacked(0);
        int padded = 0;
        // 200 frame ends in one second (a layer switch's burst, a replay): at most one per 20 ms
        for (long now = 0; now < 1_000 * MS; now += 5 * MS) {
            padded += tails.atFrameEnd(now) ? 1 : 0;
        }
        assertEquals(1_000 * MS / TailPadding.MIN_GAP_NANOS, padded);
        assertTrue(padded * TailPadding.PACKET_BYTES * 8 <= 6_000, "~6 kbit/s at most");
    }

    @Test
    void aReceiverWhoseRepairsTheBudgetRefusesGetsNoPadding() {
        long t = 1_000 * MS;
        tails.nacked(t);
        tails.budgetRefused(t);
        for (long now = t; now <= t + TailPadding.ACTIVE_NANOS; now += 50 * MS) {
            tails.nacked(now);
            assertFalse(tails.atFrameEnd(now), "congested: no packet more");
            assertTrue(tails.congested(now));
        }
        long later = t + TailPadding.ACTIVE_NANOS + 50 * MS;
        tails.nacked(later);
        assertTrue(tails.atFrameEnd(later), "2 s without a refusal: padded again");
        assertFalse(tails.congested(later));
    }

    @Test
    void aReceiverWhoseLinkAProbeTestsGetsNoPadding() {
        long t = 1_000 * MS;
        tails.nacked(t);
        tails.probed(t);
        assertFalse(tails.atFrameEnd(t + 50 * MS), "its link is the limit, not random loss");
        long later = t + TailPadding.ACTIVE_NANOS + 50 * MS;
        tails.nacked(later);
        assertTrue(tails.atFrameEnd(later), "2 s after the probe's last padding: padded again");
    }
}
