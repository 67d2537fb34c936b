package org.nereid.media.nack;

/**
 * Decides whether to answer a receiver's NACK for one packet, so that a receiver's
 * loss never multiplies what is sent to it: each packet is resent to this receiver
 * at most {@link #MAX_RESENDS} times and at most once per round trip (a receiver
 * that asks again sooner has not had time to get the last copy), and all resends
 * together stay within a byte budget: what the receiver can take beyond what it is
 * already being sent, between {@link #MIN_SHARE} and {@link #MAX_SHARE} of that.
 *
 * <p>A rate probe that a NACK ended overshot the link, and the packets it made the link drop
 * deserve a repair: the padding it did not send is credited to the budget ({@link #credit}, as
 * far as the bucket's burst has room), for first resends only — a packet resent before pays
 * from the budget as any. On a thin layer the budget (a tenth of ~140 kbit/s, ~1.5 packets a
 * second once its burst is spent) left the probe's losses waiting seconds (RateBrowserIT: 111
 * asks refused, 2.35 s frozen).
 *
 * <p>{@link #allow} is called by one thread (the receiver's connection); the rates
 * are set by any (the media timer). Nothing is allocated after construction.
 */
public final class ResendLimiter {
    public static final int MAX_RESENDS = 3;
    static final long MIN_GAP_NANOS = 30_000_000L;
    /**
     * Resends may use up to 10 % of the forwarded rate (5 % loss took ~4 %), so that a receiver is
     * sent at most ~1.2 times the stream in packets (resent packets are the large ones); 5 % even
     * when the link looks full.
     */
    static final double MAX_SHARE = 0.1;
    static final double MIN_SHARE = 0.05;
    /** Before the first rate sample (the first second): a small budget, ~4 packets a second. */
    static final long INITIAL_BYTES_PER_SECOND = 6_000;
    /**
     * A receiver that asks for a packet this many times (asks at least {@link #ASK_GAP_NANOS} apart)
     * with no copy on its way will not have its frame repaired in time ({@link #starved}). Chromium
     * asks for a lost packet 10 times at most, a round trip apart but no sooner than its 20-ms NACK
     * tick (measured here: 10–60 ms apart, once 170 ms; at most 9 asks seen, over 148 ms), then
     * gives up on it; its 7th ask, ~120 ms after the first, still comes, and by then our three
     * resends have failed, or the publisher's repair has not come (the up track's second ask may be
     * 300 ms after its first). Chromium would wait 3 s for a decodable frame before asking for a
     * keyframe itself, and a repair that comes after its last ask and is lost on the way is never
     * asked for again.
     */
    public static final int REPAIR_ASKS = 7;
    /** Asks closer than this are one (a NACK repeated in the same burst of RTCP). */
    static final long ASK_GAP_NANOS = 10_000_000L;
    /**
     * A slot's packet asked for longer ago than this is another one with the same number (after
     * the 16-bit sequence wrapped): the receiver gave up asking long before (Chromium: 10 asks).
     */
    private static final long FORGET_NANOS = 30_000_000_000L;
    private static final int SIZE = 1024;
    private static final int MASK = SIZE - 1;

    private final int[] seqs = new int[SIZE];
    private final byte[] counts = new byte[SIZE];
    /**
     * Per packet: how often the receiver asked for it in vain since the last copy sent (or ever, with
     * none sent) once that copy had had a round trip to arrive: the budget refused it, or its resends
     * were used up (saturating).
     */
    private final byte[] unanswered = new byte[SIZE];
    private final long[] lastSent = new long[SIZE];
    /** Per packet: how often the receiver asked for it (saturating), and when it last did. */
    private final byte[] asks = new byte[SIZE];
    private final long[] lastAsked = new long[SIZE];
    private final TokenBucket budget = new TokenBucket(INITIAL_BYTES_PER_SECOND);
    private volatile long budgetBitsPerSecond;
    private volatile long refusedRepeat;
    private volatile long refusedBudget;
    /** A test's trace of the refusals, null when none ({@link ResendTrace#record(ResendTrace, byte, int, int, long)}). */
    private ResendTrace trace;

    public ResendLimiter() {
        java.util.Arrays.fill(seqs, -1);
    }

    /** Records each refusal and its reason into {@code trace} (null: stops); a debugging aid for tests. */
    public void trace(ResendTrace trace) {
        this.trace = trace;
    }

    /**
     * The receiver's rate budget, bit/s, from a rate estimate (REMB, loss); 0 when unknown,
     * and then only the forwarded rate bounds resends.
     */
    public void setBudget(long bitsPerSecond) {
        budgetBitsPerSecond = Math.max(0, bitsPerSecond);
    }

    /** The rate this receiver is being forwarded, bit/s (the media timer, each second). */
    public void setForwardedRate(long bitsPerSecond) {
        budget.setRate(resendRate(bitsPerSecond, budgetBitsPerSecond) / 8);
    }

    /** What resends may use, bit/s: the room under the budget, within [MIN_SHARE, MAX_SHARE] of the forwarded rate. */
    static long resendRate(long forwarded, long budgetBits) {
        long max = (long) (forwarded * MAX_SHARE);
        long min = (long) (forwarded * MIN_SHARE);
        long room = budgetBits == 0 ? max : budgetBits - forwarded;
        return Math.max(min, Math.min(max, room));
    }

    /**
     * A rate probe that a NACK ended had {@code unsentBytes} of padding left to send (the
     * receiver's connection, before the NACK is answered): credited to the budget, capped at its
     * burst, for the first resends of the packets it lost.
     */
    public void credit(long unsentBytes, long nowNanos) {
        budget.credit(unsentBytes, nowNanos);
    }

    /** The resend budget now in effect, bytes/s. */
    public long resendBytesPerSecond() {
        return budget.rate();
    }

    /**
     * May packet {@code seq} ({@code bytes} long) be resent now to a receiver whose round
     * trip is {@code rttNanos} (0 if unknown)? Counts it as sent when it may.
     */
    public boolean allow(int seq, int bytes, long rttNanos, long nowNanos) {
        int i = slot(seq, nowNanos);
        boolean tooSoon = copyOnItsWay(i, rttNanos, nowNanos);
        if (tooSoon || counts[i] >= MAX_RESENDS) {
            ResendTrace.record(trace, tooSoon ? ResendTrace.TOO_SOON : ResendTrace.USED_UP, seq, -1, nowNanos);
            refusedRepeat++;
            if (!tooSoon) {
                askedInVain(i);
            }
            return false;
        }
        if (!budget.take(bytes, counts[i] == 0, nowNanos)) {
            ResendTrace.record(trace, ResendTrace.OVER_BUDGET, seq, -1, nowNanos);
            refusedBudget++;
            askedInVain(i);
            return false;
        }
        counts[i]++;
        lastSent[i] = nowNanos;
        unanswered[i] = 0;
        return true;
    }

    /**
     * The receiver asks for packet {@code seq} (each ask, before it is answered, whether the packet
     * is cached or not), counted for {@link #starved}.
     */
    public void asked(int seq, long nowNanos) {
        int i = slot(seq, nowNanos);
        if (asks[i] == 0 || nowNanos - lastAsked[i] >= ASK_GAP_NANOS) {
            if (asks[i] < Byte.MAX_VALUE) {
                asks[i]++;
            }
            lastAsked[i] = nowNanos;
        }
    }

    /** The slot of {@code seq}, taken afresh when it held another packet. */
    private int slot(int seq, long nowNanos) {
        int i = seq & MASK;
        if (seqs[i] != seq || nowNanos - lastAsked[i] > FORGET_NANOS) {
            seqs[i] = seq;
            counts[i] = 0;
            unanswered[i] = 0;
            asks[i] = 0;
            lastAsked[i] = nowNanos;
        }
        return i;
    }

    private void askedInVain(int i) {
        if (unanswered[i] < Byte.MAX_VALUE) {
            unanswered[i]++;
        }
    }

    /** Whether packet {@code seq} has been resent to this receiver already (as far as this window remembers). */
    public boolean resentBefore(int seq) {
        int i = seq & MASK;
        return seqs[i] == seq && counts[i] > 0;
    }

    /**
     * Whether the receiver cannot have packet {@code seq} in time, so that its frame stays broken:
     * it has asked for it in vain twice since the last copy it was sent had time to arrive (or
     * with none sent: refused by the budget, or its resends used up; a copy lost on the way counts
     * like none, a policed link loses resends too), or it has asked {@link #REPAIR_ASKS} times
     * with no copy on its way (sent less than a round trip {@code rttNanos} ago): the packet never
     * reached us (the publisher's repairs failed too) or every copy was lost.
     */
    public boolean starved(int seq, long rttNanos, long nowNanos) {
        int i = seq & MASK;
        if (seqs[i] != seq) {
            return false;
        }
        return unanswered[i] >= 2 || !copyOnItsWay(i, rttNanos, nowNanos) && asks[i] >= REPAIR_ASKS;
    }

    /** Whether slot {@code i}'s packet was resent less than a round trip ago: a copy may still arrive. */
    private boolean copyOnItsWay(int i, long rttNanos, long nowNanos) {
        return counts[i] > 0 && nowNanos - lastSent[i] < Math.max(MIN_GAP_NANOS, rttNanos);
    }

    /** NACKs not answered because the packet was resent too often or too recently. */
    public long refusedRepeat() {
        return refusedRepeat;
    }

    /** Packets resent with a failed probe's credit ({@link #credit}): the repairs that probe owed its losses. */
    public long owedRepairs() {
        return budget.creditedTakes();
    }

    /** NACKs not answered because resends had used up their budget. */
    public long refusedBudget() {
        return refusedBudget;
    }
}
