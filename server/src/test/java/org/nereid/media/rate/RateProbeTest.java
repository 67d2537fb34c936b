package org.nereid.media.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A receiver held on the low layer (~100 kbit/s) after a loss, below what the high layer
 * needs, driven as a down track drives it: 20 frames a second (padding after each),
 * a report interval every second whose loss the test's link decides, the estimate moved by
 * the interval with the padding counted in what was sent.
 */
class RateProbeTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long FRAME = SECOND / 20;
    private static final long FORWARDED = 100_000;
    /** What the high layer needs to fit: 500 kbit/s with a quarter to spare. */
    private static final long WANTED = 625_000;

    private final ReceiverRate estimate = new ReceiverRate();
    private final RateProbe probe = new RateProbe();
    private long now = SECOND;
    private long highest;

    /** One second of frames, then the receiver's report: {@code capacity} is what its link carries (bit/s). */
    private void second(long capacity) {
        long padded = 0;
        for (long t = 0; t < SECOND; t += FRAME) {
            now += FRAME;
            padded += (long) probe.padding(now) * RateProbe.PACKET_BYTES * 8;
        }
        long sent = FORWARDED + probe.sentBitsPerSecond(now);
        assertEquals(padded, sent - FORWARDED, (double) sent / 50, "the padding measured is the padding sent");
        long packets = (FORWARDED + padded) / 8000;
        long lost = sent > capacity ? packets * (sent - capacity) / sent : 0;
        highest += packets;
        estimate.counts(0, cumulativeLost += lost, 0, highest, sent, now);
        long e = estimate.bitsPerSecond(now);
        long proven = estimate.losing() ? e : Math.min(e, estimate.carried(now));
        probe.interval(estimate.losing(), e, proven, FORWARDED, WANTED > proven ? WANTED : 0, now);
    }

    private long cumulativeLost;

    /** The receiver fell to l on a lossy interval: its estimate is about {@code e}, what got through then. */
    private long start(long e) {
        estimate.report(26, e * 256 / 230, now);
        estimate.counts(0, 0, 0, highest, FORWARDED, now);
        assertEquals(e, estimate.bitsPerSecond(now), 1);
        return estimate.bitsPerSecond(now);
    }

    @Test
    void cleanProbesShowTheLinkCarriesWhatTheNextLayerNeeds() {
        long e = start(350_000);
        assertEquals(FORWARDED, estimate.carried(now), "after the loss, only what l carried is known");
        second(10_000_000);
        assertTrue(probe.probing(), "the high layer needs more than the link is known to carry");
        assertEquals(e + e / 2 - FORWARDED, probe.paddingRate(), "at most half again the estimate in all");
        for (int i = 0; i < 6 && probe.passed() == 0; i++) {
            second(10_000_000);
        }
        assertEquals(1, probe.passed(), "a probe passes after three clean intervals");
        assertTrue(estimate.bitsPerSecond(now) >= e * 3 / 2, "the padding counts: " + estimate.bitsPerSecond(now));
        assertTrue(estimate.carried(now) >= e * 3 / 2, "carried: " + estimate.carried(now));
        for (int i = 0; i < 10 && estimate.carried(now) < WANTED; i++) {
            second(10_000_000);
        }
        assertTrue(estimate.carried(now) >= WANTED, "h's need reached: " + estimate.carried(now));
        assertEquals(0, probe.failed());
        second(10_000_000);
        assertFalse(probe.probing(), "no probe once the next layer fits");
        assertEquals(0, probe.paddingRate());
    }

    @Test
    void afterAPassedProbeTheNextStepIsLargerUntilOneFails() {
        start(150_000);
        second(10_000_000);
        for (int i = 0; i < 6 && probe.passed() == 0; i++) {
            second(10_000_000);
        }
        assertEquals(1, probe.passed());
        second(10_000_000);
        long e = estimate.bitsPerSecond(now);
        assertTrue(probe.probing());
        assertTrue(e * 2 < WANTED, "a step the next layer does not cap: " + e);
        assertEquals(e * 2 - FORWARDED, probe.paddingRate(), "after a pass, up to twice the estimate");
        for (int i = 0; i < 6 && probe.failed() == 0; i++) {
            second(e * 3 / 2); // the link takes half again, not twice
        }
        assertEquals(1, probe.failed());
        for (int i = 0; i < 10 && !probe.probing(); i++) {
            second(e * 3 / 2);
        }
        long after = estimate.bitsPerSecond(now);
        assertTrue(probe.probing());
        assertEquals(Math.min(WANTED, after + after / 2) - FORWARDED, probe.paddingRate(), "a failure: half again");
    }

    @Test
    void lossyProbesLeaveTheEstimateAndBackOff() {
        start(350_000);
        long before = estimate.bitsPerSecond(now);
        second(400_000);
        assertTrue(probe.probing());
        second(400_000);
        assertFalse(probe.probing(), "loss ends the probe");
        assertEquals(1, probe.failed());
        assertTrue(estimate.bitsPerSecond(now) <= before, "no higher after a lossy probe: " + estimate.bitsPerSecond(now));
        // the first wait is 2 s, then 4 s, 6 s, and no longer
        long[] waits = new long[4];
        for (int i = 0; i < waits.length; i++) {
            long failedAt = now;
            while (!probe.probing()) {
                second(400_000);
            }
            waits[i] = (now - failedAt) / SECOND;
            while (probe.probing()) {
                second(400_000);
            }
        }
        assertEquals(2, waits[0], 1);
        assertEquals(4, waits[1], 1);
        assertEquals(6, waits[2], 1);
        assertEquals(6, waits[3], 1);
        assertEquals(0, probe.passed());
        assertTrue(estimate.carried(now) < 400_000, "never more than the link: " + estimate.carried(now));
        assertTrue(estimate.bitsPerSecond(now) < 420_000, "the estimate stays near the link: " + estimate.bitsPerSecond(now));
    }

    @Test
    void nacksDuringAProbeEndItAtOnce() {
        start(350_000);
        second(10_000_000);
        assertTrue(probe.probing());
        now += FRAME;
        probe.padding(now);
        probe.nacked(1, now);
        assertTrue(probe.probing(), "one lost packet is no full link");
        probe.nacked(5, now);
        assertFalse(probe.probing());
        assertEquals(0, probe.paddingRate());
        assertEquals(0, probe.padding(now + FRAME));
        assertEquals(1, probe.failed());
    }

    @Test
    void noProbeWhileLosingOrWhenNothingIsWanted() {
        start(350_000);
        probe.interval(true, 350_000, 350_000, FORWARDED, WANTED, now += SECOND);
        assertFalse(probe.probing());
        probe.interval(false, 350_000, FORWARDED, FORWARDED, 0, now += SECOND);
        assertFalse(probe.probing());
        probe.interval(false, 700_000, 700_000, FORWARDED, WANTED, now += SECOND);
        assertFalse(probe.probing(), "the link is known to carry it");
        assertEquals(0, probe.probes());
    }

    @Test
    void paddingComesInBoundedBurstsAndAPauseIsNotMadeUp() {
        start(350_000);
        second(10_000_000);
        long rate = probe.paddingRate();
        now += FRAME;
        probe.padding(now);
        now += 10 * SECOND;
        int burst = probe.padding(now);
        assertTrue(burst <= RateProbe.MAX_BURST);
        assertTrue((long) burst * RateProbe.PACKET_BYTES * 8 <= rate / 5 + RateProbe.PACKET_BYTES * 8,
                "at most 200 ms of padding after a pause: " + burst);
    }
}
