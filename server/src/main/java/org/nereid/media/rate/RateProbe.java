package org.nereid.media.rate;

/**
 * Finds out whether one receiver's link carries the next layer up, when its reports alone
 * cannot tell: a receiver held on a low layer is sent less than ¾ of its estimate, so its
 * clean reports never raise it (see {@link ReceiverRate}), and after a loss its estimate is
 * only a bound (what got through, inflated by whatever burst the link allowed), so it would
 * stay below the next layer after its link recovers, or go up into the same loss again.
 *
 * <p>A probe pads the receiver's stream up to one step above what the link is known to carry
 * ({@code proven}, never the inflated estimate): half the way to what the next layer needs,
 * at least a quarter above (half, then all of it after passes in a row), at most a quarter
 * past that need ({@link #stepTarget}); in one step to that quarter past when the estimate
 * has room for it ({@link #confirms}). After a
 * failure, at most half the way to the lowest rate that failed ({@code ceiling}, at least an
 * eighth above the base), until a probe passes or the link carries it: a lossy interval or a
 * layer's hold between two probes says nothing about it (the layer choice wants no probe
 * then, which used to forget it: the next probe under RateBrowserIT's 400 kbit/s cap went
 * back to 410–620 kbit/s instead of half the way). (Measured and not kept: once the steps
 * closed in on the ceiling, a probe straight to the need, which fails at the first NACK: its
 * 800–900 kbit/s lost more packets before that NACK came than the small steps do.) It lasts at least
 * {@link #DURATION_NANOS}, longer than a link's queue or policer absorbs. Clean reports over
 * it, and the link has carried what was sent (the padding counted in: the estimate rises to
 * it); the next probe starts at once from there, by the same rule, never from the estimate, so
 * a probe on a capped link overshoots the cap by a step, not by twice the estimate
 * (RateBrowserIT's probes after a passed one padded to 630–780 kbit/s on a 400 kbit/s link, and
 * their losses starved the resends); only passes in a row, a link climbing out of a cap,
 * widen the least step. It stops at the first sign of a full link: a lossy report, a NACK for a packet
 * sent during it ({@link #nacked}), or a round trip risen by more than {@link #RISE_NANOS}
 * (a queue filling); the next waits, the wait doubling with each failure in a row up to
 * {@link #MAX_WAIT_NANOS} (fewer probes into a link that stays capped), and back to
 * {@link #BASE_WAIT_NANOS} once one passes.
 *
 * <p>Decisions are made on the receiver's connection (its RTCP); the forwarding thread asks
 * {@link #padding} how many padding packets to send after each frame, reading one volatile
 * rate: no lock, no allocation.
 */
public final class RateProbe {
    /**
     * A step goes at least this share (percent) above what the link is known to carry, twice
     * that after a pass, four times after two in a row: a link that keeps carrying more is
     * climbing out of a lifted cap (RateBrowserIT: 25 % steps took four passes to reach h).
     */
    static final int MIN_STEP_PERCENT = 25;
    /** How many passes in a row double the least step, at most. */
    private static final int MAX_DOUBLINGS = 2;
    /**
     * A probe lasts at least this long: three report intervals, so that a burst the link
     * allows (a policer's bucket, a queue) is spent and the rest shows as loss.
     */
    static final long DURATION_NANOS = 3_000_000_000L;
    /**
     * A burst a link may let through above its rate, which a probe that lets the receiver go up
     * must outlast: a policer's bucket (RateBrowserIT's 25 kB, SvcBrowserIT's 10 kB) or a queue.
     */
    static final long BURST_BYTES = 32_000;
    /** The longest probe (a low rate would need long to spend the burst by an eighth of it). */
    static final long MAX_DURATION_NANOS = 6_000_000_000L;
    static final long BASE_WAIT_NANOS = 2_000_000_000L;
    /**
     * The longest wait between failed probes: a link that recovers is found within it and a
     * step or two (RateBrowserIT: back on h within 15 s of the lift).
     */
    static final long MAX_WAIT_NANOS = 4_000_000_000L;
    /**
     * NACKs this soon after a probe started are about packets sent before it (a receiver asks
     * again for a packet for a few round trips): they do not end it.
     */
    static final long NACK_GRACE_NANOS = 100_000_000L;
    /** A round trip longer by this much than when the probe started: a queue fills on the way. */
    static final long RISE_NANOS = 50_000_000L;
    /** Padding bytes in one packet: the most an RTP packet's padding count can say. */
    public static final int PADDING_BYTES = 255;
    static final int PACKET_BYTES = 12 + PADDING_BYTES;
    /** Padding packets sent in one go at most (after one frame). */
    static final int MAX_BURST = 32;
    /** Credit for padding is kept for at most this long (a pause in the frames is not made up). */
    private static final long MAX_CREDIT_NANOS = 200_000_000L;

    /** The receiver's estimate, which a failed probe's padding inflated: set back when it fails. */
    private final ReceiverRate estimate;
    // the receiver's connection
    private volatile boolean probing;
    private long startedAt;
    private long target;
    private long duration;
    private volatile long provenBefore;
    private long estimateBefore;
    /** The lowest target that failed since the last probe passed: the next step stays below it. */
    private long ceiling = Long.MAX_VALUE;
    private long waitNanos = BASE_WAIT_NANOS;
    /** Probes passed since the last failure, chained (each one doubles the least step). */
    private int passesInARow;
    private long rttAtStart;
    /** A NACK ended the probe since the last interval: that interval's loss is the probe's. */
    private boolean failedSinceMark;
    private long notBefore;
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
    private volatile long promotionsFailed;

    /** A probe of the link whose estimate is {@code estimate}. */
    public RateProbe(ReceiverRate estimate) {
        this.estimate = estimate;
    }

    /**
     * A report interval was taken (the receiver's connection), after the estimate moved with
     * it: ends a probe (passed, or failed on loss or a risen round trip) or starts one when
     * {@code wanted}, what the next layer needs, is above what the link is known to carry.
     *
     * @param losing    whether the interval lost more than 5/256
     * @param estimate  the receiver's estimate after the interval, bit/s (restored if the probe fails)
     * @param proven    what the link is known to carry: the estimate, or less after a loss
     * @param forwarded what the receiver is forwarded now, bit/s
     * @param wanted    the rate the next layer up needs, 0 when no probe would help
     * @param rttNanos  the receiver's last round trip, 0 when unknown
     */
    public void interval(boolean losing, long estimate, long proven, long forwarded, long wanted, long rttNanos, long nowNanos) {
        bytesAtMark = paddingBytes;
        markAt = nowNanos;
        failedSinceMark = false;
        if (!losing && proven >= ceiling) {
            ceiling = Long.MAX_VALUE; // the link carried what failed: it changed
        }
        if (probing) {
            if (losing || rose(rttNanos)) {
                fail(nowNanos);
            } else if (wanted == 0) {
                passesInARow = 0;
                end();
            } else if (nowNanos - startedAt >= duration) {
                passed++;
                passesInARow++;
                // the link changed, or the step below the failure fitted: big steps again (a
                // link that recovers is found in two or three, RateBrowserIT: within 15 s)
                ceiling = Long.MAX_VALUE;
                waitNanos = BASE_WAIT_NANOS;
                long carried = target;
                end();
                // the next step at once, from what the link just carried: a report interval's
                // pause per step made a lifted cap's climb miss 15 s. The layer choice sees the
                // pass all the same (its next probe's proven rate is this one), and the layer
                // aimed at no longer grows with each pass (RateControl#bitrateFor)
                if (wanted > carried) {
                    start(estimate, carried, forwarded, wanted, rttNanos, nowNanos);
                }
            } else {
                paddingRate = Math.max(0, target - forwarded);
            }
            return;
        }
        if (losing || wanted <= proven || nowNanos - notBefore < 0) {
            return;
        }
        start(estimate, proven, forwarded, wanted, rttNanos, nowNanos);
    }

    private void start(long estimate, long proven, long forwarded, long wanted, long rttNanos, long nowNanos) {
        long base = Math.max(proven, forwarded);
        target = confirms(estimate, wanted) ? furthest(wanted)
                : stepTarget(base, wanted, MIN_STEP_PERCENT << Math.min(MAX_DOUBLINGS, passesInARow));
        if (ceiling <= base) {
            ceiling = Long.MAX_VALUE;
        } else if (ceiling != Long.MAX_VALUE) {
            // below a rate that failed: half the way to it (the overshoot halves with each failure)
            target = Math.min(target, Math.max(base + base / 8, base + (ceiling - base) / 2));
        }
        if (target <= forwarded) {
            return;
        }
        duration = duration(target, wanted);
        provenBefore = proven;
        estimateBefore = estimate;
        probing = true;
        probes++;
        startedAt = nowNanos;
        rttAtStart = rttNanos;
        paddingRate = target - forwarded;
    }

    /**
     * Whether the receiver's {@code estimate}, at most what got through while its link was full,
     * has room for {@code wanted} and a quarter more. A probe then only confirms that the link
     * carries the need: one step to {@link #furthest}, lasting as any step that reaches the need
     * ({@link #duration}: the estimate may hold a burst). Climbing there step by step from a thin
     * layer's rate found nothing more and took long: SvcBrowserIT's receiver, thinned to S0 T1
     * (~50 kbit/s) on a 160 kbit/s link with an estimate of 142–211 kbit/s, took two probes (3 s,
     * then 6.5 s) to go back up to T2 (~80 kbit/s), at 10 fps meanwhile. After such a probe
     * fails, the next goes half the way to the need, as after any.
     */
    static boolean confirms(long estimate, long wanted) {
        return furthest(wanted) <= estimate;
    }

    /** The furthest a step goes: a quarter past the need, since a layer's rate moves. */
    private static long furthest(long wanted) {
        return wanted + wanted / 4;
    }

    /**
     * Where a probe from {@code base}, what the link is known to carry, goes: half the way to
     * {@code wanted} (two steps reach a layer far above), at least {@code minPercent}
     * above the base (the last steps are not made tiny), and at most a quarter past {@code
     * wanted}: the layer it aims at grows while it probes (its publisher comes up to what it is
     * asked, and the REMB's unused shares on top), and a probe that lands just on the need
     * passes short of it (RateBrowserIT: h settled 115 kbit/s above its ask, its need 20 %
     * above the need when the climb began; an eighth past took a step more).
     */
    static long stepTarget(long base, long wanted, int minPercent) {
        long step = Math.max(base * minPercent / 100, (wanted - base) / 2);
        return Math.min(furthest(wanted), base + step);
    }

    /**
     * How long a probe to {@code target} lasts: {@link #DURATION_NANOS}, and a probe that reaches
     * {@code wanted} (after it, the receiver goes up) until an overshoot of an eighth of its
     * target would have spent a {@link #BURST_BYTES} burst. A 3 s probe hides an overshoot of
     * 66 kbit/s in RateBrowserIT's 25 kB bucket: probes passed at 460–510 kbit/s on its 400
     * kbit/s link, and the receiver went up to h under the cap and froze. (Only the last step:
     * the steps before it, 3 s each, keep the lift found within 15 s; one that passes wrongly
     * is caught by the next, or by the promotion it allows ({@link #promotionFailed}).)
     */
    static long duration(long target, long wanted) {
        if (target < wanted) {
            return DURATION_NANOS;
        }
        long spent = BURST_BYTES * 8 * 8 * 1_000_000_000L / target;
        return Math.min(MAX_DURATION_NANOS, Math.max(DURATION_NANOS, spent));
    }

    /**
     * The receiver went up a layer and lost packets within a few seconds (the layer choice took
     * it back down, {@code LayerChoice#promotionFailed}): the rate it was sent there, {@code
     * sent}, failed as a probe to it would have (a probe that passed on a burst the link
     * allowed): the steps stay below it and the next probe waits, backed off.
     */
    public void promotionFailed(long sent, long nowNanos) {
        if (probing) {
            end();
        }
        promotionsFailed++;
        failAt(sent, nowNanos);
    }

    private boolean rose(long rttNanos) {
        return rttAtStart > 0 && rttNanos > rttAtStart + Math.max(RISE_NANOS, rttAtStart / 2);
    }

    /**
     * The receiver NACKed {@code count} sequence numbers (its connection): during a probe, past
     * its first {@link #NACK_GRACE_NANOS}, the first ends it as failed without waiting for the
     * next report: the link is full, and each further lost packet is one the receiver needs.
     * The clean intervals it had seen were a burst the link absorbed: the estimate goes back
     * to where it was before the probe ({@link ReceiverRate#restore}).
     *
     * @return the padding bytes the probe would still have sent had it not failed now, 0 when
     *         this NACK ended no probe: what repairs of the packets it lost may spend
     */
    public long nacked(int count, long nowNanos) {
        if (!probing || count <= 0 || nowNanos - startedAt < NACK_GRACE_NANOS) {
            return 0;
        }
        long unsent = paddingRate * Math.max(0, startedAt + duration - nowNanos) / 8_000_000_000L;
        fail(nowNanos);
        failedSinceMark = true;
        estimate.restore(provenBefore, estimateBefore);
        return unsent;
    }

    /**
     * The estimate just took a report interval (before {@link #interval}): when its loss was the
     * probe's own ({@link #causedLoss}), or a NACK ended the probe since the last interval
     * ({@link #failedSinceMark}), the estimate goes back to where it was before the probe. The
     * probe's padding filled the link, so its loss says nothing about the layer the receiver held
     * before it; and a clean interval after a NACK still counts the padding sent before it,
     * which would be credited to the link.
     */
    public void settle(long nowNanos) {
        boolean nacked = failedSinceMark;
        if (causedLoss(estimate.losing(), nowNanos) || nacked) {
            estimate.restore(provenBefore, estimateBefore);
        }
    }

    /**
     * Whether the loss of the report interval just taken (before {@link #interval}) was the
     * probe's own: it was under way (it fails now) or a NACK ended it since the last interval.
     * Its padding filled the link, so the loss says nothing about the layer the receiver held
     * before it: a probe towards S1 that failed under SvcBrowserIT's cap used to send the
     * receiver down to T0.
     */
    boolean causedLoss(boolean losing, long nowNanos) {
        if (!losing) {
            return false;
        }
        if (probing) {
            fail(nowNanos);
            return true;
        }
        return failedSinceMark;
    }

    /**
     * Whether a NACK ended the probe since the last interval (call before {@link #interval}):
     * that interval's clean share still counts the padding sent before the NACK, which a clean
     * report would credit to the link (RateBrowserIT: the next probe stepped from 650 kbit/s on
     * its 400 kbit/s link).
     */
    boolean failedSinceMark() {
        return failedSinceMark;
    }

    private void fail(long nowNanos) {
        failed++;
        end();
        failAt(target, nowNanos);
    }

    private void failAt(long rate, long nowNanos) {
        passesInARow = 0;
        ceiling = Math.min(ceiling, rate);
        notBefore = nowNanos + waitNanos;
        waitNanos = Math.min(MAX_WAIT_NANOS, waitNanos * 2);
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

    /** The receiver's estimate when the probe under way (or the last) started. */
    public long estimateBefore() {
        return estimateBefore;
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

    /** Up-switches undone by loss within a few seconds ({@link #promotionFailed}). */
    public long promotionsFailed() {
        return promotionsFailed;
    }

    /** Padding packets sent. */
    public long paddingPackets() {
        return paddingPackets;
    }
}
