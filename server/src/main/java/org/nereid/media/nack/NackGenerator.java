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
 * <p>A lost last packet of a frame leaves no gap until the next frame's first
 * packet, a frame interval later, when the frame is already too late to show.
 * So a video frame left open (its newest packet without the marker bit) for
 * longer than its packets are ever apart is taken to have lost its tail, and
 * the next sequence number is asked for at once. A guess that was only late
 * costs one retransmission at most: the publisher ignores a NACK for a packet
 * it has not sent yet, or sent less than a round trip ago.
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
    /** How long a frame may stay open before its tail is asked for: below a frame interval (33 ms at 30 fps). */
    static final long MIN_TAIL_WAIT_NANOS = 10_000_000L;
    static final long MAX_TAIL_WAIT_NANOS = 30_000_000L;
    private static final long INITIAL_RTT_NANOS = 100_000_000L;
    private static final int MASK = WINDOW - 1;
    private static final long EMPTY = Long.MIN_VALUE;

    /** The extended sequence number missing in each slot, or EMPTY. */
    private final long[] missing = new long[WINDOW];
    private final long[] nextAsk = new long[WINDOW];
    private final long[] lastAsk = new long[WINDOW];
    private final byte[] asks = new byte[WINDOW];
    /** Whether the slot's packet was asked for as a frame's tail, before any later packet showed it missing. */
    private final boolean[] guessed = new boolean[WINDOW];
    private boolean started;
    private long highest;
    private int missingCount;
    private long earliestDue = Long.MAX_VALUE;
    private long lastNack;
    private int lastFarSeq = -1;
    private long srtt = INITIAL_RTT_NANOS;
    private long rttVar = INITIAL_RTT_NANOS / 2;
    private boolean measured;
    /** The newest packet did not end its frame (video): more of the frame is to come. */
    private boolean frameOpen;
    private long newestArrival;
    /** The widest gap between two packets of one frame lately (the pacer spreads a frame's packets). */
    private long frameGap;

    private volatile long asked;
    private volatile long recovered;
    private volatile long unrecovered;
    private volatile long reordered;
    private volatile long tailsGuessed;

    public NackGenerator() {
        java.util.Arrays.fill(missing, EMPTY);
    }

    /**
     * A packet arrived (before or after it was asked for); {@code endsFrame} is its marker bit for
     * video, true for media whose frames are not followed (audio).
     */
    public void received(int seq, boolean endsFrame, long nowNanos) {
        if (!started) {
            restart(seq);
            newest(endsFrame, nowNanos);
            return;
        }
        int delta = (short) (seq - (int) highest);
        long ext = highest + delta;
        if (delta > 0 && delta < WINDOW) {
            if (delta == 1 && frameOpen) {
                long gap = nowNanos - newestArrival;
                frameGap = Math.max(gap, frameGap - frameGap / 16);
            }
            for (long s = highest + 1; s < ext; s++) {
                markMissing(s, nowNanos);
            }
            forget(ext);
            highest = ext;
            newest(endsFrame, nowNanos);
        } else if (delta <= 0 && delta > -WINDOW) {
            // the newest is missing only when it was a guessed tail: now it tells whether the frame ended
            boolean guessedNewest = delta == 0 && missing[(int) ext & MASK] == ext;
            arrivedLate(ext, nowNanos);
            if (guessedNewest) {
                newest(endsFrame, nowNanos);
            }
        } else {
            // a jump too far to chase (a long outage, or the publisher restarted its sequence):
            // follow it once two packets agree, as RFC 3550's probation does
            if (lastFarSeq >= 0 && seq == ((lastFarSeq + 1) & 0xFFFF)) {
                restart(seq);
            }
            lastFarSeq = seq;
            frameOpen = false;
            return;
        }
        lastFarSeq = -1;
    }

    private void newest(boolean endsFrame, long nowNanos) {
        frameOpen = !endsFrame;
        newestArrival = nowNanos;
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
        frameOpen = false;
        started = true;
    }

    private void markMissing(long ext, long now) {
        int i = (int) ext & MASK;
        forget(ext);
        missing[i] = ext;
        asks[i] = 0;
        guessed[i] = false;
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
            if (!guessed[i]) {
                reordered++;
            }
            return;
        }
        recovered++;
        if (asks[i] == 1 && !guessed[i]) {    // a guessed tail may only have been late: no sample
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

    /** How long a frame may stay open before its tail is asked for: twice its packets' gap, and the reorder wait. */
    long tailWait() {
        return Math.max(MIN_TAIL_WAIT_NANOS, Math.min(MAX_TAIL_WAIT_NANOS, 2 * frameGap + reorderWait()));
    }

    /** Takes the packet after the newest as missing, due at once: its frame has been open too long. */
    private void guessTail(long now) {
        long ext = highest + 1;
        markMissing(ext, now);
        int i = (int) ext & MASK;
        guessed[i] = true;
        nextAsk[i] = now;
        earliestDue = now;
        highest = ext;
        frameOpen = false;
        tailsGuessed++;
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
        if (frameOpen && nowNanos - newestArrival > tailWait()) {
            guessTail(nowNanos);
        }
        if (missingCount == 0 || nowNanos < earliestDue || nowNanos - lastNack < MIN_INTERVAL_NANOS) {
            return 0;
        }
        int n = 0;
        long nextDue = Long.MAX_VALUE;
        long rto = rto();
        for (long s = highest - WINDOW + 1; s <= highest; s++) {
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

    /** Frames whose tail was asked for before a later packet showed it missing (some were only late). */
    public long tailsGuessed() {
        return tailsGuessed;
    }

    /** Gaps filled before we asked: reordering, not loss. */
    public long reordered() {
        return reordered;
    }
}
