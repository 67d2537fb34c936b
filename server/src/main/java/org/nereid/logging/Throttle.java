package org.nereid.logging;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Rate-limited logging for events a stranger can cause at will (malformed requests,
 * refused origins, wrong passwords): at most one line per interval, and the next line
 * that gets through says how many were left out. Lock-free; one per kind of event.
 */
public final class Throttle {
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public Throttle(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /**
     * Runs {@code log} with the number of lines left out since the last one, if a line is
     * due; otherwise counts this one as left out.
     */
    public void log(LongConsumer log) {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            log.accept(suppressed.getAndSet(0));
        } else {
            suppressed.incrementAndGet();
        }
    }

    /** " (N similar lines left out)" or the empty string, to end a throttled line. */
    public static String leftOut(long n) {
        return n == 0 ? "" : " (" + n + " similar left out)";
    }
}
