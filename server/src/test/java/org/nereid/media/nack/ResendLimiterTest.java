package org.nereid.media.nack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResendLimiterTest {
    private static final long MS = 1_000_000L;
    private final ResendLimiter limiter = new ResendLimiter();

    @Test
    void aPacketIsResentAtMostOncePerRoundTripAndAFewTimesInAll() {
        limiter.setForwardedRate(10_000_000);
        int sent = 0;
        for (long ms = 0; ms < 2000; ms += 10) {
            if (limiter.allow(7, 1000, 100 * MS, ms * MS)) {
                sent++;
            }
        }
        assertEquals(ResendLimiter.MAX_RESENDS, sent);
        assertEquals(200 - ResendLimiter.MAX_RESENDS, limiter.refusedRepeat());
        assertFalse(limiter.allow(7, 1000, 0, 10_000 * MS), "ever");
        assertTrue(limiter.allow(7 + 1024, 1000, 0, 10_000 * MS), "another packet in the same slot starts afresh");
    }

    @Test
    void aReceiverThatKnowsAShortRoundTripAndReasksEvery20MsIsAnsweredEvery40Ms() {
        // Chromium with a round trip from our RTCP XR DLRRs (~2 ms) re-asks on its 20-ms NACK tick, up
        // to 10 times: each ask inside the 30-ms floor is refused, the next one answered, not starved;
        // still asking after the third copy had time to arrive, it cannot have the packet
        limiter.setForwardedRate(10_000_000);
        StringBuilder answered = new StringBuilder();
        for (long ms = 0; ms <= 200; ms += 20) {
            if (limiter.allow(9, 1000, 2 * MS, ms * MS)) {
                answered.append(ms).append(' ');
            }
            assertEquals(ms >= 140, limiter.starved(9), "at " + ms + " ms: asked in vain twice after the last copy");
        }
        assertEquals("0 40 80 ", answered.toString());
    }

    @Test
    void resendsStayWithinATenthOfTheForwardedRate() {
        limiter.setForwardedRate(800_000);          // 100 kB/s forwarded: resends get 10 kB/s
        long bytes = 0;
        int seq = 0;
        for (long ms = 0; ms < 10_000; ms++) {
            // a receiver asking for ten new 1,000-byte packets every millisecond
            for (int i = 0; i < 10; i++) {
                if (limiter.allow(seq++ & 0xFFFF, 1000, 0, ms * MS)) {
                    bytes += 1000;
                }
            }
        }
        double perSecond = bytes / 10.0;
        assertTrue(perSecond <= 10_000 * 1.05 + TokenBucket.MIN_BURST / 10.0, perSecond + " B/s (the first burst included)");
        assertTrue(perSecond >= 9_000, "the budget is used: " + perSecond);
        assertTrue(limiter.refusedBudget() > 0);
    }

    @Test
    void aRateEstimateBelowTheForwardedRateLeavesOnlyTheMinimumShare() {
        assertEquals(80_000, ResendLimiter.resendRate(800_000, 0), "no estimate: a tenth");
        assertEquals(50_000, ResendLimiter.resendRate(800_000, 850_000), "the room left under the estimate");
        assertEquals(40_000, ResendLimiter.resendRate(800_000, 400_000), "link full: a twentieth still");
        limiter.setBudget(400_000);
        limiter.setForwardedRate(800_000);
        assertEquals(5_000, limiter.resendBytesPerSecond());
    }

    @Test
    void aPacketTheBudgetRefusesTwiceAfterItsCopyWasLostIsStarved() {
        // a policed link loses resends too (SvcBrowserIT froze 3 s twice so, Chromium's own wait
        // for a decodable frame, while only never-resent packets counted)
        limiter.setForwardedRate(8_000);            // 100 B/s of resends, a burst of eight packets
        assertTrue(limiter.allow(3, 1500, 10 * MS, 0));
        int seq = 4;
        while (limiter.allow(seq, 1500, 0, 0)) {
            seq++;
        }
        assertFalse(limiter.allow(3, 1500, 10 * MS, 5 * MS), "asked again before the copy could arrive");
        assertFalse(limiter.allow(3, 1500, 10 * MS, 6 * MS));
        assertFalse(limiter.starved(3), "too soon is not in vain");
        assertFalse(limiter.allow(3, 1500, 10 * MS, 40 * MS));
        assertFalse(limiter.starved(3), "refused once by the budget: it may refill");
        assertFalse(limiter.allow(3, 1500, 10 * MS, 60 * MS));
        assertTrue(limiter.starved(3), "the copy was lost and the receiver cannot have another");
    }

    @Test
    void aPacketTheBudgetRefusesTwiceIsStarvedUnlessItWasResent() {
        limiter.setForwardedRate(8_000);            // 100 B/s of resends, a burst of eight packets
        int seq = 0;
        while (limiter.allow(seq, 1500, 0, 0)) {
            seq++;
        }
        assertFalse(limiter.starved(seq), "refused once: the receiver may ask again when the budget has refilled");
        assertFalse(limiter.allow(seq, 1500, 0, 100 * MS));
        assertTrue(limiter.starved(seq), "asked again, refused again");
        assertFalse(limiter.starved(0), "resent and not asked for again: not starved");
        assertFalse(limiter.starved(seq + 1024), "another packet in the same slot");
    }

    private int next = 100;

    /** Spends a thin layer's budget (~140 kbit/s forwarded: 1,750 B/s, an eight-packet burst) at {@code nowNanos}. */
    private int spendTheBudget(long nowNanos) {
        limiter.setForwardedRate(140_000);
        while (limiter.allow(next, 50, 0, nowNanos)) {
            next++;
        }
        return ++next;
    }

    @Test
    void aFailedProbesLossesAreRepairedOnceEachFromItsUnsentPaddingAtMostMaxOwed() {
        int seq = spendTheBudget(0);
        assertFalse(limiter.allow(seq, 1000, 0, 10 * MS), "the budget is spent");
        // a NACK ends a probe that had 40 kB of padding left: the receiver asks for what it lost
        limiter.owe(40_000, 20 * MS);
        int repaired = 0;
        for (int i = 0; i < 30; i++) {
            if (limiter.allow(seq + i, 1000, 0, 30 * MS)) {
                repaired++;
            }
        }
        assertEquals(ResendLimiter.MAX_OWED, repaired, "each lost packet once, MAX_OWED at most");
        assertEquals(ResendLimiter.MAX_OWED, limiter.owedRepairs());
        assertTrue(limiter.refusedBudget() >= 30 - ResendLimiter.MAX_OWED);
        // asked again a round trip later: a packet already repaired is the budget's again, as any
        assertFalse(limiter.allow(seq, 1000, 0, 100 * MS), "one repair per lost packet on the probe's account");
        assertEquals(ResendLimiter.MAX_OWED, limiter.owedRepairs());
    }

    @Test
    void aFailedProbeOwesNoMoreThanThePaddingItDidNotSendAndOnlyForASecond() {
        int seq = spendTheBudget(0);
        limiter.owe(2_500, 0);
        assertTrue(limiter.allow(seq, 1000, 0, 10 * MS));
        assertTrue(limiter.allow(seq + 1, 1000, 0, 10 * MS));
        assertFalse(limiter.allow(seq + 2, 1000, 0, 10 * MS), "2,500 bytes of padding pay two packets, not three");
        assertTrue(limiter.allow(seq + 3, 400, 0, 10 * MS), "a small one still fits");

        limiter.owe(40_000, 0);
        long later = ResendLimiter.OWED_NANOS + 10 * MS;
        int after = spendTheBudget(later);
        assertFalse(limiter.allow(after, 1000, 0, later),
                "a second later the losses are no longer the probe's");
        assertEquals(3, limiter.owedRepairs());
    }
}
