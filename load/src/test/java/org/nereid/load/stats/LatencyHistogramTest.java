package org.nereid.load.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreReadAtBucketResolutionAndNeverAboveTheMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1_000L);               // 1 µs .. 1 ms
        }
        long p50 = h.percentileNanos(0.5);
        assertTrue(Math.abs(p50 - 500_000) <= LatencyHistogram.BUCKET_NANOS, "p50 " + p50);
        assertEquals(1_000_000, h.percentileNanos(1.0));
        assertEquals(1_000_000, h.maxNanos());
    }

    @Test
    void hugeDelaysGoToTheOverflowBucketAndStillSetTheMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1_000);
        h.record(3_000_000_000L);
        assertEquals(3_000_000_000L, h.percentileNanos(1.0));
        assertEquals(2, h.count());
    }

    @Test
    void resetStartsOver() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5_000_000);
        h.reset();
        assertEquals(0, h.count());
        assertEquals(0, h.percentileNanos(0.99));
        assertEquals(0, h.maxNanos());
    }

    @Test
    void aPercentileSinceASnapshotCountsOnlyTheSamplesAfterIt() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            h.record(50_000_000);              // a bad second: 50 ms each
        }
        long[] before = h.counts();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 10_000L);             // a good one: 10 µs .. 1 ms
        }
        long[] after = h.counts();
        long p99 = h.percentileSinceNanos(0.99, before, after);
        assertTrue(Math.abs(p99 - 990_000) <= LatencyHistogram.BUCKET_NANOS, "this second's p99 " + p99);
        assertEquals(50_000_000, h.percentileNanos(0.99), "the whole window's p99 still holds the bad second");
        assertEquals(0, h.percentileSinceNanos(0.99, after, h.counts()), "nothing since");
    }
}
