package org.nereid.load.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delays in fixed 5 µs buckets up to half a second (beyond that, one overflow
 * bucket), shared by every receiving thread without locks or allocation.
 * Percentiles are read at bucket resolution; the maximum is exact.
 */
public final class LatencyHistogram {
    static final long BUCKET_NANOS = 5_000;
    private static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    public void record(long nanos) {
        long n = Math.max(0, nanos);
        counts.incrementAndGet((int) Math.min(BUCKETS, n / BUCKET_NANOS));
        total.incrementAndGet();
        long m;
        while (n > (m = max.get()) && !max.compareAndSet(m, n)) {
            // another thread raised it meanwhile: try again
        }
    }

    /** Starts over (samples recorded meanwhile may be kept or dropped). */
    public void reset() {
        for (int i = 0; i <= BUCKETS; i++) {
            counts.set(i, 0);
        }
        total.set(0);
        max.set(0);
    }

    public long count() {
        return total.get();
    }

    public long maxNanos() {
        return max.get();
    }

    /**
     * The upper edge of the bucket holding the {@code p}-th fraction of the samples
     * (0 &lt; p ≤ 1), never above the maximum; 0 when empty.
     */
    public long percentileNanos(double p) {
        return percentile(p, total.get(), counts::get, max.get());
    }

    /** Each bucket's count so far: {@link #percentileSinceNanos} compares with it. */
    public long[] counts() {
        long[] now = new long[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            now[i] = counts.get(i);
        }
        return now;
    }

    /**
     * The {@code p}-th fraction of the samples recorded between two {@link #counts()}, at
     * bucket resolution (the overflow bucket reads as the maximum so far); 0 when none.
     */
    public long percentileSinceNanos(double p, long[] before, long[] after) {
        long n = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            n += after[i] - before[i];
        }
        return percentile(p, n, i -> after[i] - before[i], max.get());
    }

    private static long percentile(double p, long n, java.util.function.IntToLongFunction countAt, long max) {
        if (n <= 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += countAt.applyAsLong(i);
            if (seen >= rank) {
                return i == BUCKETS ? max : Math.min(max, (i + 1) * BUCKET_NANOS);
            }
        }
        return max;
    }
}
