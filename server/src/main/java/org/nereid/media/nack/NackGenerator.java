package org.nereid.media.nack;

/**
 * Finds the packets a publisher's stream is missing and says when to ask for
 * them (generic NACK, RFC 4585). A gap is not a loss at once: packets that
 * arrive out of order within a short wait are never asked for. A missing
 * packet is asked for at most {@link #MAX_ASKS} times, each ask one
 * retransmission timeout after the previous, the timeout following the round
 * trip measured from our first ask to the packet's arrival (Karn: only
 * packets asked for once give a sample). Asks are gathered into at most one
 * NACK packet per {@link #MIN_INTERVAL_NANOS}.
 *
 * <p>Owned by one thread (the up track's worker); counters are volatile for
 * statistics. Nothing is allocated after construction.
 */
public final class NackGenerator {
    /** Sequence numbers followed behind the newest; older gaps are given up. */
    static final int WINDOW = 512;
    public static final int MAX_ASKS = 3;
    /** At most one NACK packet per 20 ms: 50 a second per track. */
    static final long MIN_INTERVAL_NANOS = 20_000_000L;
    static final long MIN_REORDER_NANOS = 5_000_000L;
    static final long MAX_REORDER_NANOS = 25_000_000L;
    static final long MIN_RTO_NANOS = 20_000_000L;
    static final long MAX_RTO_NANOS = 1_000_000_000L;
    private static final long INITIAL_RTT_NANOS = 100_000_000L;
    private static final int MASK = WINDOW - 1;
    private static final long EMPTY = Long.MIN_VALUE;

    /** The extended sequence number missing in each slot, or EMPTY. */
    private final long[] missing = new long[WINDOW];
    private final long[] nextAsk = new long[WINDOW];
    private final long[] lastAsk = new long[WINDOW];
    private final byte[] asks = new byte[WINDOW];
    private boolean started;
    private long highest;
    private int missingCount;
    private long earliestDue = Long.MAX_VALUE;
    private long lastNack;
    private int lastFarSeq = -1;
    private long srtt = INITIAL_RTT_NANOS;
    private long rttVar = INITIAL_RTT_NANOS / 2;
    private boolean measured;

    private volatile long asked;
    private volatile long recovered;
    private volatile long unrecovered;
    private volatile long reordered;

    public NackGenerator() {
        java.util.Arrays.fill(missing, EMPTY);
    }

    /** A packet arrived (before or after it was asked for). */
    public void received(int seq, long nowNanos) {
        if (!started) {
            restart(seq);
            return;
        }
        int delta = (short) (seq - (int) highest);
        long ext = highest + delta;
        if (delta > 0 && delta < WINDOW) {
            for (long s = highest + 1; s < ext; s++) {
                markMissing(s, nowNanos);
            }
            forget(ext);
            highest = ext;
        } else if (delta <= 0 && delta > -WINDOW) {
            arrivedLate(ext, nowNanos);
        } else {
            // a jump too far to chase (a long outage, or the publisher restarted its sequence):
            // follow it once two packets agree, as RFC 3550's probation does
            if (lastFarSeq >= 0 && seq == ((lastFarSeq + 1) & 0xFFFF)) {
                restart(seq);
            }
            lastFarSeq = seq;
            return;
        }
        lastFarSeq = -1;
    }

    private void restart(int seq) {
        for (int i = 0; i < WINDOW; i++) {
            if (missing[i] != EMPTY) {
                missing[i] = EMPTY;
                unrecovered++;
            }
        }
        missingCount = 0;
        earliestDue = Long.MAX_VALUE;
        highest = seq;
        lastFarSeq = -1;
        started = true;
    }

    private void markMissing(long ext, long now) {
        int i = (int) ext & MASK;
        forget(ext);
        missing[i] = ext;
        asks[i] = 0;
        long due = now + reorderWait();
        nextAsk[i] = due;
        earliestDue = Math.min(earliestDue, due);
        missingCount++;
    }

    /** Frees the slot of {@code ext}; a gap still there is a window older, and lost for good. */
    private void forget(long ext) {
        int i = (int) ext & MASK;
        if (missing[i] != EMPTY && missing[i] != ext) {
            missing[i] = EMPTY;
            missingCount--;
            unrecovered++;
        }
    }

    private void arrivedLate(long ext, long now) {
        int i = (int) ext & MASK;
        if (missing[i] != ext) {
            return;     // a duplicate, or older than what we follow
        }
        missing[i] = EMPTY;
        missingCount--;
        if (asks[i] == 0) {
            reordered++;
            return;
        }
        recovered++;
        if (asks[i] == 1) {
            sampleRtt(now - lastAsk[i]);
        }
    }

    private void sampleRtt(long sample) {
        if (!measured) {
            srtt = sample;
            rttVar = sample / 2;
            measured = true;
        } else {
            rttVar = (3 * rttVar + Math.abs(srtt - sample)) / 4;
            srtt = (7 * srtt + sample) / 8;
        }
    }

    /** How long a gap may be reordering before it is asked for: a quarter of the round trip, 5–25 ms. */
    long reorderWait() {
        return Math.max(MIN_REORDER_NANOS, Math.min(MAX_REORDER_NANOS, srtt / 4));
    }

    /** The retransmission timeout between two asks for one packet (RFC 6298's shape). */
    long rto() {
        return Math.max(MIN_RTO_NANOS, Math.min(MAX_RTO_NANOS, srtt + Math.max(4 * rttVar, 10_000_000L)));
    }

    /**
     * Puts into {@code out} (ascending, 16-bit) the sequence numbers to ask for now, and
     * counts them as asked; returns how many. Usually 0 at the cost of two comparisons.
     * Packets asked for {@link #MAX_ASKS} times and still missing one timeout later are
     * given up.
     */
    public int due(long nowNanos, int[] out) {
        if (missingCount == 0 || nowNanos < earliestDue || nowNanos - lastNack < MIN_INTERVAL_NANOS) {
            return 0;
        }
        int n = 0;
        long nextDue = Long.MAX_VALUE;
        long rto = rto();
        for (long s = highest - WINDOW + 1; s < highest; s++) {
            int i = (int) s & MASK;
            if (missing[i] != s) {
                continue;
            }
            if (nowNanos < nextAsk[i] || n == out.length) {
                nextDue = Math.min(nextDue, nextAsk[i]);
            } else if (asks[i] >= MAX_ASKS) {
                missing[i] = EMPTY;
                missingCount--;
                unrecovered++;
            } else {
                out[n++] = (int) s & 0xFFFF;
                asks[i]++;
                lastAsk[i] = nowNanos;
                nextAsk[i] = nowNanos + rto;
                nextDue = Math.min(nextDue, nextAsk[i]);
            }
        }
        earliestDue = nextDue;
        if (n > 0) {
            lastNack = nowNanos;
            asked += n;
        }
        return n;
    }

    /** Round trip to the publisher from NACK to retransmission, 0 before the first sample. */
    public long rttNanos() {
        return measured ? srtt : 0;
    }

    /** Sequence numbers asked for (each ask counts, retries too). */
    public long asked() {
        return asked;
    }

    /** Packets that arrived after we asked for them. */
    public long recovered() {
        return recovered;
    }

    /** Packets given up: asked for {@link #MAX_ASKS} times, or fallen out of the window. */
    public long unrecovered() {
        return unrecovered;
    }

    /** Gaps filled before we asked: reordering, not loss. */
    public long reordered() {
        return reordered;
    }
}
