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
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i == BUCKETS ? max.get() : Math.min(max.get(), (i + 1) * BUCKET_NANOS);
            }
        }
        return max.get();
    }
}
