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
            assertEquals(ms >= 140, limiter.starved(9, 2 * MS, ms * MS), "at " + ms + " ms: asked in vain twice after the last copy");
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
        assertFalse(limiter.starved(3, 10 * MS, 6 * MS), "too soon is not in vain");
        assertFalse(limiter.allow(3, 1500, 10 * MS, 40 * MS));
        assertFalse(limiter.starved(3, 10 * MS, 40 * MS), "refused once by the budget: it may refill");
        assertFalse(limiter.allow(3, 1500, 10 * MS, 60 * MS));
        assertTrue(limiter.starved(3, 10 * MS, 60 * MS), "the copy was lost and the receiver cannot have another");
    }

    @Test
    void aPacketTheBudgetRefusesTwiceIsStarvedUnlessItWasResent() {
        limiter.setForwardedRate(8_000);            // 100 B/s of resends, a burst of eight packets
        int seq = 0;
        while (limiter.allow(seq, 1500, 0, 0)) {
            seq++;
        }
        assertFalse(limiter.starved(seq, 0, 0), "refused once: the receiver may ask again when the budget has refilled");
        assertFalse(limiter.allow(seq, 1500, 0, 100 * MS));
        assertTrue(limiter.starved(seq, 0, 100 * MS), "asked again, refused again");
        assertFalse(limiter.starved(0, 0, 100 * MS), "resent and not asked for again: not starved");
        assertFalse(limiter.starved(seq + 1024, 0, 100 * MS), "another packet in the same slot");
    }

    @Test
    void aPacketAskedForRepairAsksTimesWithNoCopyOnItsWayIsStarved() {
        // never cached (lost on the way from the publisher too, and its repairs failed): only the asks,
        // on Chromium's 20-ms NACK tick, each sent twice in one burst of RTCP
        long ms = 0;
        for (int ask = 1; ask < ResendLimiter.REPAIR_ASKS; ask++, ms += 20) {
            limiter.asked(11, ms * MS);
            limiter.asked(11, (ms + 2) * MS);
            assertFalse(limiter.starved(11, 2 * MS, (ms + 2) * MS), "ask " + ask + ": the publisher's repair may still come");
        }
        limiter.asked(11, ms * MS);
        assertTrue(limiter.starved(11, 2 * MS, ms * MS), "asked " + ResendLimiter.REPAIR_ASKS
                + " times: its frame will not be repaired in time");
        assertFalse(limiter.starved(11 + 1024, 2 * MS, ms * MS), "another packet");
        assertFalse(limiter.starved(12, 2 * MS, ms * MS), "never asked for");
    }

    @Test
    void aCopyOnItsWayIsWaitedFor() {
        limiter.setForwardedRate(10_000_000);
        long ms = 0;
        for (int ask = 1; ask < ResendLimiter.REPAIR_ASKS; ask++, ms += 20) {
            limiter.asked(20, ms * MS);                         // not cached yet
        }
        limiter.asked(20, ms * MS);
        assertTrue(limiter.allow(20, 1000, 2 * MS, ms * MS), "cached at last: resent");
        assertFalse(limiter.starved(20, 2 * MS, ms * MS), "its copy may still arrive");
        limiter.asked(20, (ms + 40) * MS);
        assertTrue(limiter.starved(20, 2 * MS, (ms + 40) * MS), "asked again after the copy had time to arrive");
    }

    @Test
    void aSlotAskedForLongAgoIsAnotherPacketAfterTheSequenceWrapped() {
        limiter.setForwardedRate(10_000_000);
        for (int i = 0; i < ResendLimiter.MAX_RESENDS; i++) {
            assertTrue(limiter.allow(30, 1000, 0, i * 100 * MS));
        }
        for (int ask = 0; ask < ResendLimiter.REPAIR_ASKS; ask++) {
            limiter.asked(30, ask * 100 * MS);
        }
        long later = 60_000 * MS;                               // 65,536 packets later, the same number
        limiter.asked(30, later);
        assertFalse(limiter.starved(30, 0, later), "a new packet: its first ask");
        assertTrue(limiter.allow(30, 1000, 0, later), "its own resends");
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
    void aFailedProbesUnsentPaddingIsCreditedToTheBudgetUpToItsBurst() {
        int seq = spendTheBudget(0);
        assertFalse(limiter.allow(seq, 1000, 0, 10 * MS), "the budget is spent");
        // a NACK ends a probe that had 40 kB of padding left: the receiver asks for what it lost
        limiter.credit(40_000, 20 * MS);
        int repaired = 0;
        for (int i = 0; i < 30; i++) {
            if (limiter.allow(seq + i, 1000, 0, 30 * MS)) {
                repaired++;
            }
        }
        assertEquals(TokenBucket.MIN_BURST / 1000, repaired, "each lost packet once, as far as the bucket's burst holds");
        assertEquals(repaired, limiter.owedRepairs());
        assertTrue(limiter.refusedBudget() >= 30 - repaired);
    }

    @Test
    void aCreditPaysFirstResendsOnlyAndFadesAsTheBucketRefills() {
        int seq = spendTheBudget(0);
        limiter.credit(2_500, 0);
        assertTrue(limiter.allow(seq, 1000, 0, 10 * MS));
        assertTrue(limiter.allow(seq + 1, 1000, 0, 10 * MS));
        assertFalse(limiter.allow(seq + 2, 1000, 0, 10 * MS), "2,500 bytes of padding pay two packets, not three");
        assertTrue(limiter.allow(seq + 3, 400, 0, 10 * MS), "a small one still fits");
        assertEquals(3, limiter.owedRepairs());

        limiter.credit(10_000, 20 * MS);
        assertTrue(limiter.allow(seq + 4, 1000, 0, 30 * MS), "a first resend");
        assertFalse(limiter.allow(seq + 4, 1000, 0, 80 * MS),
                "asked again: the credit is for the probe's losses once each, the budget's own tokens are spent");
        assertEquals(4, limiter.owedRepairs());
        // ~7 s later the bucket (1,750 B/s, a 12 kB burst) has refilled once over: the credit is anyone's
        long later = 7_000 * MS;
        assertTrue(limiter.allow(seq + 4, 1000, 0, later), "the credit faded into the budget");
        assertEquals(4, limiter.owedRepairs(), "paid from the budget");
    }
}
