package org.nereid.load.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When one subscriber passed each step from opening its WebSocket to its
 * first packet, so a slow join can be pinned on a step: the server's
 * {@code joined}, its first offer, ICE, DTLS, the first RTP packet. Each step
 * counts its first occurrence only.
 */
public final class JoinTimeline {
    /** The steps, in the order they happen. */
    public enum Step { JOINED, OFFER, ICE, DTLS, FIRST_PACKET }

    private final long startNanos;
    private final AtomicLongArray at = new AtomicLongArray(Step.values().length);

    public JoinTimeline(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Notes that {@code step} happened now, unless it had already. */
    public void mark(Step step) {
        at.compareAndSet(step.ordinal(), 0, System.nanoTime());
    }

    /** Nanoseconds from the start to {@code step}, or -1 when it has not happened. */
    public long elapsedNanos(Step step) {
        long t = at.get(step.ordinal());
        return t == 0 ? -1 : t - startNanos;
    }
}
