package org.nereid.media.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The estimate through sequences of receiver reports as Chrome sends them, about one a second. */
class ReceiverRateTest {
    private static final long SECOND = 1_000_000_000L;
    private final ReceiverRate rate = new ReceiverRate();

    @Test
    void startsAtGalenesDefault() {
        assertEquals(512_000, rate.bitsPerSecond(0));
    }

    @Test
    void growsFivePercentPerCleanReportWhileWeSendNearTheEstimate() {
        long t = 0;
        rate.report(0, 450_000, t += SECOND);
        assertEquals(512_000 * 269 / 256, rate.bitsPerSecond(t));
        long before = rate.bitsPerSecond(t);
        rate.report(4, 500_000, t += SECOND);
        assertEquals(before * 269 / 256, rate.bitsPerSecond(t), "4/256 is still clean");
    }

    @Test
    void doesNotGrowOnACleanLinkWeBarelyUse() {
        rate.report(0, 100_000, SECOND);
        assertEquals(512_000, rate.bitsPerSecond(SECOND), "100 kbit/s sent says nothing about 512");
    }

    @Test
    void aCleanLinkCarriesAtLeastWhatItDelivered() {
        rate.report(0, 1_500_000, SECOND);
        assertEquals(1_500_000, rate.bitsPerSecond(SECOND));
    }

    @Test
    void moderateLossLeavesItAlone() {
        rate.report(0, 1_000_000, SECOND);
        long before = rate.bitsPerSecond(SECOND);
        rate.report(20, 1_000_000, 2 * SECOND);
        assertEquals(before, rate.bitsPerSecond(2 * SECOND));
    }

    @Test
    void heavyLossFallsToWhatGotThrough() {
        // a trace of a 1 Mbit/s layer into a 400 kbit/s policer: ~60 % lost
        rate.report(0, 1_000_000, SECOND);
        rate.report(153, 1_000_000, 2 * SECOND);
        long after = rate.bitsPerSecond(2 * SECOND);
        assertEquals(1_000_000L * (256 - 153) / 256, after);
        assertTrue(after < 420_000, "at most what got through: " + after);
    }

    @Test
    void lossJustOverTenPercentCutsToWhatGotThroughOrByHalfTheLoss() {
        rate.report(0, 1_000_000, SECOND);
        rate.report(30, 1_000_000, 2 * SECOND);
        assertEquals(1_000_000L * (256 - 30) / 256, rate.bitsPerSecond(2 * SECOND), "what got through");
        ReceiverRate fresh = new ReceiverRate();
        fresh.report(30, 2_000_000, SECOND);
        assertEquals(512_000L * (512 - 30) / 512, fresh.bitsPerSecond(SECOND), "Galène's cut, when smaller");
    }

    @Test
    void neverBelowTheFloor() {
        long t = 0;
        for (int i = 0; i < 100; i++) {
            rate.report(255, 0, t += SECOND);
        }
        assertEquals(ReceiverRate.MIN, rate.bitsPerSecond(t));
    }

    @Test
    void lossIsTakenOverIntervalsHoweverOftenTheReceiverReports() {
        long t = 0;
        rate.counts(0, 0, 0, 1000, 400_000, t);
        assertEquals(512_000 * 269 / 256, rate.bitsPerSecond(t), "the first report counts as it is");
        long first = rate.bitsPerSecond(t);
        // five compound packets within 800 ms, each with the fraction since the previous: one interval
        for (int i = 1; i <= 5; i++) {
            rate.counts(200, 12 * i, 0, 1000 + 20 * i, 1_000_000, t += SECOND / 10);
        }
        assertEquals(first, rate.bitsPerSecond(t), "no interval closed yet");
        rate.counts(0, 60, 0, 1100, 1_000_000, t += SECOND / 2);
        // 60 lost of 100 expected over the interval: 153/256
        assertEquals(first * (512 - 153) / 512, rate.bitsPerSecond(t));
        rate.counts(0, 60, 0, 1200, 1_000_000, t += SECOND / 10);
        assertEquals(first * (512 - 153) / 512, rate.bitsPerSecond(t), "too soon for the next interval");
        rate.counts(0, 60, 0, 1300, 1_000_000, t += SECOND);
        assertEquals(1_000_000, rate.bitsPerSecond(t), "a clean interval: what we sent got through");
    }

    @Test
    void lossRepairedOnRtxIsNotCongestionButLossBeyondTheRepairsIs() {
        long t = 0;
        rate.counts(0, 0, 0, 1000, 1_000_000, t);
        long start = rate.bitsPerSecond(t);
        // 5 lost of 100, all five resent on RTX: the receiver still reports them lost
        rate.counts(12, 5, 5, 1100, 1_000_000, t += SECOND);
        assertFalse(rate.losing(), "repaired loss");
        assertTrue(rate.bitsPerSecond(t) >= start, "the estimate did not fall");
        // 30 more lost of 100, only 10 resent (the resend budget): 20/100 is congestion
        rate.counts(0, 35, 15, 1200, 1_000_000, t += SECOND);
        assertTrue(rate.losing());
        assertEquals(1_000_000 * (256 - 51) / 256, rate.bitsPerSecond(t), "what got through: 20 % of 256 is 51");
    }

    @Test
    void aFailedProbeTakesBackWhatItsCleanIntervalsRaised() {
        long t = 0;
        rate.report(40, 400_000, t += SECOND);
        rate.report(0, 100_000, t += SECOND);
        long proven = rate.carried(t);
        long before = rate.bitsPerSecond(t);
        rate.report(0, 700_000, t += SECOND); // a burst the link absorbed
        assertTrue(rate.carried(t) >= 700_000 && rate.bitsPerSecond(t) >= 700_000);
        rate.restore(proven, before);
        assertEquals(proven, rate.carried(t));
        assertEquals(before, rate.bitsPerSecond(t), "the estimate before the probe, which budgets the resends");
    }

    @Test
    void aFailedProbesLossIsForgivenBackToWhereTheLinkWas() {
        long t = 0;
        rate.report(40, 400_000, t += SECOND);
        rate.report(0, 100_000, t += SECOND);
        long before = rate.bitsPerSecond(t);
        rate.report(80, 500_000, t += SECOND); // the probe's padding overflowed the link
        assertTrue(rate.losing());
        rate.restore(100_000, before);
        assertFalse(rate.losing());
        assertEquals(100_000, rate.carried(t));
        assertEquals(before, rate.bitsPerSecond(t));
    }

    @Test
    void staleValuesAreForgotten() {
        rate.report(0, 2_000_000, SECOND);
        long later = SECOND + ReceiverRate.STALE_NANOS;
        assertEquals(512_000, rate.bitsPerSecond(later));
    }

    @Test
    void afterALossOnlyWhatCleanIntervalsCarriedIsKnown() {
        assertEquals(ReceiverRate.MAX, rate.carried(0), "no bound before any loss");
        rate.report(0, 600_000, SECOND);
        assertEquals(ReceiverRate.MAX, rate.carried(SECOND));
        rate.report(50, 600_000, 2 * SECOND);
        assertEquals(0, rate.carried(2 * SECOND), "a lossy interval: what got through is only a bound");
        assertTrue(rate.bitsPerSecond(2 * SECOND) > 400_000);
        rate.report(0, 460_000, 3 * SECOND);
        assertEquals(0, rate.carried(3 * SECOND), "the first clean interval: the lossy layer's tail through a refilled bucket");
        rate.report(0, 100_000, 4 * SECOND);
        assertEquals(100_000, rate.carried(4 * SECOND), "the low layer, clean");
        rate.report(0, 420_000, 5 * SECOND);
        rate.report(0, 300_000, 6 * SECOND);
        assertEquals(420_000, rate.carried(6 * SECOND), "a clean probe's rate holds until the next loss");
        assertEquals(ReceiverRate.MAX, rate.carried(6 * SECOND + ReceiverRate.STALE_NANOS), "stale: no bound");
    }

    @Test
    void afterALossyIntervalCleanReportsOnALowLayerRecoverTowardsWhatTheLinkGotThrough() {
        // RateBrowserIT's receiver under a 400 kbit/s policer: h at ~500 kbit/s loses a fifth,
        // the switch to l follows, the link's queue drains with one more lossy interval, then
        // l's ~150 kbit/s arrives clean
        long t = 0;
        for (int i = 0; i < 3; i++) {
            rate.report(51, 500_000, t += SECOND);
        }
        long gotThrough = 500_000L * (256 - 51) / 256;
        rate.report(77, 150_000, t += SECOND);
        assertTrue(rate.bitsPerSecond(t) < 150_000, "the drain cut it to what got through: " + rate.bitsPerSecond(t));
        for (int i = 0; i < 6; i++) {
            rate.report(0, 150_000, t += SECOND);
            assertTrue(rate.bitsPerSecond(t) >= 150_000, "never below what is delivered cleanly now");
        }
        long recovered = rate.bitsPerSecond(t);
        assertTrue(recovered >= gotThrough * 9 / 10 && recovered <= gotThrough,
                "back near the " + gotThrough + " bit/s the link got through: " + recovered);
        assertEquals(150_000, rate.carried(t), "a layer above l still needs a probe");
        for (int i = 0; i < 10; i++) {
            rate.report(0, 150_000, t += SECOND);
        }
        long later = rate.bitsPerSecond(t);
        assertTrue(later >= recovered && later <= gotThrough, "held, and no growth past it while l is all we send: " + later);
    }

    @Test
    void aNewLossForgetsWhatAnEarlierOneGotThrough() {
        long t = 0;
        rate.report(51, 1_000_000, t += SECOND); // ~800 kbit/s got through
        rate.report(0, 150_000, t += SECOND);
        rate.report(0, 150_000, t += SECOND);
        rate.report(128, 300_000, t += SECOND); // the link has shrunk: 150 kbit/s got through
        for (int i = 0; i < 8; i++) {
            rate.report(0, 100_000, t += SECOND);
        }
        assertTrue(rate.bitsPerSecond(t) <= 150_000, "recovers to the last loss's rate only: " + rate.bitsPerSecond(t));
    }
}
