package org.nereid.media.nack;

/**
 * Decides whether to answer a receiver's NACK for one packet, so that a receiver's
 * loss never multiplies what is sent to it: each packet is resent to this receiver
 * at most {@link #MAX_RESENDS} times and at most once per round trip (a receiver
 * that asks again sooner has not had time to get the last copy), and all resends
 * together stay within a byte budget: what the receiver can take beyond what it is
 * already being sent, between {@link #MIN_SHARE} and {@link #MAX_SHARE} of that.
 *
 * <p>One exception: a rate probe that a NACK ended overshot the link, and the packets it made
 * the link drop are owed a repair ({@link #owe}). For {@link #OWED_NANOS} after it, a packet
 * never resent that the budget refuses is resent once on the probe's account instead, paid
 * from the padding the probe did not send, at most {@link #MAX_OWED} packets: on a thin layer
 * the budget (a tenth of ~140 kbit/s, ~1.5 packets a second once its burst is spent) left the
 * probe's losses waiting seconds (RateBrowserIT: 111 asks refused, 2.35 s frozen).
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
    /** The most packets one failed probe's repairs may take outside the budget. */
    static final int MAX_OWED = 16;
    /** How long after a failed probe its losses are owed a repair (the receiver asks within a few round trips). */
    static final long OWED_NANOS = 1_000_000_000L;
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
    private final TokenBucket budget = new TokenBucket(INITIAL_BYTES_PER_SECOND);
    private volatile long budgetBitsPerSecond;
    private volatile long refusedRepeat;
    private volatile long refusedBudget;
    // a failed probe's account (the receiver's connection)
    private int owedPackets;
    private long owedBytes;
    private long owedUntil;
    private volatile long owedRepairs;

    public ResendLimiter() {
        java.util.Arrays.fill(seqs, -1);
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
     * receiver's connection, before the NACK is answered): the packets it lost are owed a repair
     * each from that, within {@link #OWED_NANOS}, {@link #MAX_OWED} packets at most.
     */
    public void owe(long unsentBytes, long nowNanos) {
        owedPackets = MAX_OWED;
        owedBytes = Math.max(0, unsentBytes);
        owedUntil = nowNanos + OWED_NANOS;
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
        int i = seq & MASK;
        if (seqs[i] != seq) {
            seqs[i] = seq;
            counts[i] = 0;
            unanswered[i] = 0;
        }
        boolean tooSoon = counts[i] > 0 && nowNanos - lastSent[i] < Math.max(MIN_GAP_NANOS, rttNanos);
        if (tooSoon || counts[i] >= MAX_RESENDS) {
            refusedRepeat++;
            if (!tooSoon) {
                askedInVain(i);
            }
            return false;
        }
        if (!budget.take(bytes, nowNanos) && !(counts[i] == 0 && owed(bytes, nowNanos))) {
            refusedBudget++;
            askedInVain(i);
            return false;
        }
        counts[i]++;
        lastSent[i] = nowNanos;
        unanswered[i] = 0;
        return true;
    }

    /** Takes a first resend of {@code bytes} on a failed probe's account, if it still holds it. */
    private boolean owed(int bytes, long nowNanos) {
        if (owedPackets == 0 || owedBytes < bytes || nowNanos - owedUntil > 0) {
            return false;
        }
        owedPackets--;
        owedBytes -= bytes;
        owedRepairs++;
        return true;
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
     * Whether the receiver has asked for packet {@code seq} in vain twice since the last copy it
     * was sent had time to arrive (or with none sent): refused by the budget, or its resends used
     * up. A copy lost on the way counts like none (a policed link loses resends too): the
     * receiver still cannot have the packet, so its frame stays broken.
     */
    public boolean starved(int seq) {
        int i = seq & MASK;
        return seqs[i] == seq && unanswered[i] >= 2;
    }

    /** NACKs not answered because the packet was resent too often or too recently. */
    public long refusedRepeat() {
        return refusedRepeat;
    }

    /** Packets resent on a failed probe's account ({@link #owe}), outside the budget. */
    public long owedRepairs() {
        return owedRepairs;
    }

    /** NACKs not answered because resends had used up their budget. */
    public long refusedBudget() {
        return refusedBudget;
    }
}
