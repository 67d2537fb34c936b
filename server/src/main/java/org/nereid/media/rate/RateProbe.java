package org.nereid.media.rate;

/**
 * Finds out whether one receiver's link carries the next layer up, when its reports alone
 * cannot tell: a receiver held on a low layer is sent less than ¾ of its estimate, so its
 * clean reports never raise it (see {@link ReceiverRate}), and after a loss its estimate is
 * only a bound (what got through, inflated by whatever burst the link allowed), so it would
 * stay below the next layer after its link recovers, or go up into the same loss again.
 * A probe pads the receiver's stream (RTP
 * padding-only packets, sequence numbers of their own) up to what the next layer needs,
 * but never more than {@link #SHARE_PERCENT} above the estimate in all ({@link
 * #SHARE_AFTER_PASS_PERCENT} right after a probe passed), for at least
 * {@link #DURATION_NANOS}: longer than a link's queue or policer absorbs. The receiver's
 * reports over it tell: clean, and the link has carried what was sent (the padding counted
 * in: the estimate rises to it); lossy, or NACKs for more than 2 % of the padding, and the
 * probe stops at once and waits before the next, the wait doubling up to {@link #MAX_WAIT_NANOS}.
 *
 * <p>Decisions are made on the receiver's connection (its RTCP); the forwarding thread asks
 * {@link #padding} how many padding packets to send after each frame, reading one volatile
 * rate: no lock, no allocation.
 */
public final class RateProbe {
    /** A probe sends at most this share (percent) above the estimate, padding and media together. */
    static final int SHARE_PERCENT = 50;
    /**
     * The share of the probe that follows a passed one: the link just carried half again its
     * estimate, so the next step may be larger, and a receiver that fell to 120 kbit/s finds a
     * 600 kbit/s layer in three probes instead of five (about 10 s instead of 16). A failure
     * goes back to {@link #SHARE_PERCENT}.
     */
    static final int SHARE_AFTER_PASS_PERCENT = 100;
    /**
     * A probe lasts at least this long: three report intervals, so that a burst the link
     * allows (a policer's bucket, a queue) is spent and the rest shows as loss.
     */
    static final long DURATION_NANOS = 3_000_000_000L;
    static final long BASE_WAIT_NANOS = 2_000_000_000L;
    /** The longest wait between failed probes: a link that recovers is found within it and a probe. */
    static final long MAX_WAIT_NANOS = 6_000_000_000L;
    /** Padding bytes in one packet: the most an RTP packet's padding count can say. */
    public static final int PADDING_BYTES = 255;
    static final int PACKET_BYTES = 12 + PADDING_BYTES;
    /** Padding packets sent in one go at most (after one frame). */
    static final int MAX_BURST = 32;
    /** Credit for padding is kept for at most this long (a pause in the frames is not made up). */
    private static final long MAX_CREDIT_NANOS = 200_000_000L;

    // the receiver's connection
    private volatile boolean probing;
    private long startedAt;
    private long target;
    private volatile long provenBefore;
    private long waitNanos = BASE_WAIT_NANOS;
    private int sharePercent = SHARE_PERCENT;
    private long notBefore;
    private long nacked;
    private long packetsAtStart;
    private long bytesAtMark;
    private long markAt;
    // read by the forwarding thread: what it pads at, bit/s (0: no probe)
    private volatile long paddingRate;
    // the forwarding thread
    private long creditBits;
    private long creditAt;
    private volatile long paddingPackets;
    private volatile long paddingBytes;
    // counters
    private volatile long probes;
    private volatile long passed;
    private volatile long failed;

    /**
     * A report interval was taken (the receiver's connection), after the estimate moved with
     * it: ends a probe (passed, or failed on loss) or starts one when {@code wanted}, what
     * the next layer needs, is above what the link is known to carry.
     *
     * @param losing    whether the interval lost more than 5/256
     * @param estimate  the receiver's estimate after the interval, bit/s: the probe's bound
     * @param proven    what the link is known to carry: the estimate, or less after a loss
     * @param forwarded what the receiver is forwarded now, bit/s
     * @param wanted    the rate the next layer up needs, 0 when no probe would help
     */
    public void interval(boolean losing, long estimate, long proven, long forwarded, long wanted, long nowNanos) {
        bytesAtMark = paddingBytes;
        markAt = nowNanos;
        if (probing) {
            if (losing) {
                fail(nowNanos);
            } else if (wanted == 0) {
                end();
            } else if (nowNanos - startedAt >= DURATION_NANOS) {
                passed++;
                waitNanos = BASE_WAIT_NANOS;
                sharePercent = SHARE_AFTER_PASS_PERCENT;
                end();
            } else {
                paddingRate = Math.max(0, target - forwarded);
            }
            return;
        }
        if (losing || wanted <= proven || nowNanos - notBefore < 0) {
            return;
        }
        target = Math.min(wanted, estimate + estimate * sharePercent / 100);
        if (target <= forwarded) {
            return;
        }
        provenBefore = proven;
        probing = true;
        probes++;
        startedAt = nowNanos;
        nacked = 0;
        packetsAtStart = paddingPackets;
        paddingRate = target - forwarded;
    }

    /**
     * The receiver NACKed {@code count} sequence numbers (its connection): during a probe,
     * more than 2 % of the padding sent (and at least 2) ends it as failed, without waiting for
     * the next report: the link is full.
     */
    public void nacked(int count, long nowNanos) {
        if (!probing) {
            return;
        }
        nacked += count;
        if (nacked > 2 + (paddingPackets - packetsAtStart) / 50) {
            fail(nowNanos);
        }
    }

    private void fail(long nowNanos) {
        failed++;
        sharePercent = SHARE_PERCENT;
        notBefore = nowNanos + waitNanos;
        waitNanos = Math.min(MAX_WAIT_NANOS, waitNanos * 2);
        end();
    }

    private void end() {
        probing = false;
        paddingRate = 0;
    }

    /** The padding sent since the last interval, bit/s: part of what the receiver was sent over it. */
    public long sentBitsPerSecond(long nowNanos) {
        long elapsed = nowNanos - markAt;
        if (markAt == 0 || elapsed <= 0) {
            return 0;
        }
        return (paddingBytes - bytesAtMark) * 8 * 1_000_000_000L / elapsed;
    }

    /** The padding rate of the probe under way, bit/s (0: none); any thread. */
    public long paddingRate() {
        return paddingRate;
    }

    /**
     * How many padding packets to send now (the forwarding thread, after a frame's last
     * packet): what the probe's rate allows since the last time, counted as sent.
     */
    public int padding(long nowNanos) {
        long rate = paddingRate;
        long since = nowNanos - creditAt;
        creditAt = nowNanos;
        if (rate == 0) {
            creditBits = 0;
            return 0;
        }
        creditBits += rate * Math.min(since, MAX_CREDIT_NANOS) / 1_000_000_000L;
        int n = (int) Math.min(MAX_BURST, creditBits / (PACKET_BYTES * 8));
        creditBits -= (long) n * PACKET_BYTES * 8;
        paddingPackets += n;
        paddingBytes += (long) n * PACKET_BYTES;
        return n;
    }

    /**
     * What the link was known to carry when the probe under way started: until it passes, its
     * clean intervals show nothing (the link may be absorbing it in a burst).
     */
    public long provenBefore() {
        return provenBefore;
    }

    /** Whether a probe is under way. */
    public boolean probing() {
        return probing;
    }

    /** Probes started. */
    public long probes() {
        return probes;
    }

    /** Probes that ended clean (the estimate rose to what they sent). */
    public long passed() {
        return passed;
    }

    /** Probes ended by loss. */
    public long failed() {
        return failed;
    }

    /** Padding packets sent. */
    public long paddingPackets() {
        return paddingPackets;
    }
}
