package org.nereid.load.stats;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tool's own stalls: a thread asks to sleep 1 ms, again and again, and counts each time
 * it woke {@link #STALL_NANOS} or more late. A stall of the tool (its collector's pause, a
 * safepoint, the machine giving its cores to others) delays every timestamp its readers take
 * meanwhile, so it shows as the server's added latency; these counts say how much of a bad
 * second was the tool's. Collector-neutral: it sees any pause, not only the GC's.
 */
public final class ToolStalls implements AutoCloseable {
    /** Late by this much is a stall (the tail the p99 target is about: 5 ms). */
    public static final long STALL_NANOS = 5_000_000;
    private static final long TICK_NANOS = 1_000_000;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();
    private final Thread watcher;

    public ToolStalls() {
        watcher = new Thread(this::watch, "load-stalls");
        watcher.setDaemon(true);
    }

    /** Starts watching (at the window's start: the joins' stalls are not the window's). */
    public void start() {
        watcher.start();
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            long before = System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(TICK_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            woke(System.nanoTime() - before - TICK_NANOS);
        }
    }

    /** One wake-up, {@code lateNanos} after it was due. */
    void woke(long lateNanos) {
        if (lateNanos < STALL_NANOS) {
            return;
        }
        count.incrementAndGet();
        totalNanos.addAndGet(lateNanos);
        longestNanos.accumulateAndGet(lateNanos, Math::max);
    }

    /** The counts so far. */
    public Sample sample() {
        return new Sample(count.get(), totalNanos.get(), longestNanos.get());
    }

    @Override
    public void close() {
        watcher.interrupt();
    }

    /** Stalls so far: how many, their total and the longest. */
    public record Sample(long count, long totalNanos, long longestNanos) {
        /** The stalls after {@code earlier}; the longest stays this sample's (the window's). */
        public Sample since(Sample earlier) {
            return new Sample(count - earlier.count, totalNanos - earlier.totalNanos, longestNanos);
        }
    }
}
