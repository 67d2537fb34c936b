package org.nereid.media.rate;

/**
 * What one receiver can take on one down track, in bit/s, as Galène estimates it from
 * loss: a rate moved by the receiver's reports. (Galène also caps it with the receiver's
 * REMB. Chrome's, on a down stream without abs-send-time or transport-cc, ran at half
 * of what it was receiving on a clean link, and would send every receiver to the low
 * layer: Nereid leaves it out.)
 * Reports arrive on the receiver's connection, one at a time; any thread reads the
 * estimate without a lock (the layer choice, the publisher's REMB, statistics, the
 * resend budget).
 */
public final class ReceiverRate {
    public static final long INITIAL = 512_000;
    static final long MIN = 9_600;
    static final long MAX = 1L << 30;
    /** A value older than this says nothing about the link any more. */
    static final long STALE_NANOS = 30_000_000_000L;
    /**
     * Chrome puts a report block in every compound RTCP packet (with each NACK, PLI,
     * REMB), several a second: loss is taken over intervals of at least this long, so the
     * estimate moves at the same pace however often the receiver reports.
     */
    static final long INTERVAL_NANOS = 800_000_000L;

    private volatile long lossBased = INITIAL;
    /** The most a clean interval carried since the last lossy one (unknown, so no bound, before any loss). */
    private volatile long carried = MAX;
    /**
     * The most that got through in one lossy interval since the current loss began: what the
     * link was shown to carry when full. Once the reports are clean again the estimate
     * recovers towards it (0: nothing to recover to).
     */
    private volatile long shown;
    private volatile long lossBasedAt;
    private volatile boolean reported;
    private volatile boolean losing;
    // the start of the current loss interval (the receiver's connection only)
    private boolean counting;
    private long intervalLost;
    private long intervalRepaired;
    private long intervalHighest;
    private long intervalStart;

    /**
     * A report block ({@code fractionLost} since the receiver's previous report, its running
     * counts {@code cumulativeLost} and {@code extendedHighest} sequence number received)
     * with what we sent lately. The first goes to {@link #report} as it is; after that, the
     * loss over each interval long enough. Returns whether it took an interval (moved the estimate).
     *
     * <p>{@code repairedOnRtx} counts the lost packets we have resent on an RTX stream (each
     * once): a receiver reports those lost on the media stream even when the copy arrived,
     * where a resend on the media stream would have made them received. They are taken off
     * the interval's loss, so that random loss the resends repair is not read as congestion
     * (Galène, without RTX, sees the repaired loss). Resends are bounded to a tenth of the
     * rate, so a congested link's loss still shows.
     */
    public boolean counts(int fractionLost, long cumulativeLost, long repairedOnRtx, long extendedHighest,
                       long sentBitsPerSecond, long nowNanos) {
        if (counting && nowNanos - intervalStart < INTERVAL_NANOS) {
            return false;
        }
        long expected = extendedHighest - intervalHighest;
        boolean taken = !counting || expected > 0;
        if (!counting) {
            report(fractionLost, sentBitsPerSecond, nowNanos);
        } else if (expected > 0) {
            long lost = Math.max(0, cumulativeLost - intervalLost - (repairedOnRtx - intervalRepaired));
            report((int) Math.min(255, lost * 256 / expected), sentBitsPerSecond, nowNanos);
        }
        counting = true;
        intervalLost = cumulativeLost;
        intervalRepaired = repairedOnRtx;
        intervalHighest = extendedHighest;
        intervalStart = nowNanos;
        return taken;
    }

    /**
     * A receiver report block: {@code fractionLost} in 256ths since the previous report,
     * {@code sentBitsPerSecond} what we sent this receiver lately. Galène's rule: under ~2 %
     * loss, while we send at least ¾ of the estimate, it grows by 5 %; over ~10 % it shrinks
     * by about half the loss; in between the link is left to settle. Two additions keep a
     * simulcast layer choice sane from the first report on: a clean link carries at least
     * what it just delivered, and a lossy one at most what got through. And a third: once the
     * reports are clean again, the estimate goes half the way back to the most that got
     * through while the link was losing ({@link #shown}) at each clean interval. A receiver
     * sent down to a low layer is sent less than ¾ of its estimate, which then never grew
     * again: the cuts of the intervals after the switch (the link's queue draining) held
     * RateBrowserIT's receiver at 110–150 kbit/s on a 400 kbit/s link, and starved its resends.
     */
    public void report(int fractionLost, long sentBitsPerSecond, long nowNanos) {
        long current = lossBased(nowNanos);
        long recoverTo = fresh(nowNanos) ? shown : 0;
        if (fractionLost < 5) {
            if (sentBitsPerSecond >= current * 3 / 4) {
                current = current * 269 / 256;
            }
            current = Math.max(current, sentBitsPerSecond);
            if (current < recoverTo) {
                current += (recoverTo - current) / 2;
            }
        } else {
            long delivered = sentBitsPerSecond * (256 - fractionLost) / 256;
            if (fractionLost > 25) {
                current = Math.min(current * (512 - fractionLost) / 512, Math.max(MIN, delivered));
            }
            // a new loss shows the link anew; the intervals after it (a lower layer, the queue
            // draining) get less through, and say less about what the link carries
            shown = losing ? Math.max(recoverTo, delivered) : delivered;
        }
        lossBased = Math.max(MIN, Math.min(MAX, current));
        boolean settled = !losing;
        losing = fractionLost >= 5;
        // the first clean interval after a loss says nothing of the link: it carries the tail of
        // the layer that lost (the switch down waits for a keyframe) through a policer's bucket
        // refilled meanwhile (RateBrowserIT: 465 kbit/s "carried" on its 400 kbit/s link, and
        // every probe stepped from there overshot it by 100 kbit/s)
        carried = losing ? 0 : settled ? Math.max(carried, sentBitsPerSecond) : carried;
        lossBasedAt = nowNanos;
        reported = true;
    }

    /** Whether the last loss interval lost more than Galène's 5/256. */
    public boolean losing() {
        return losing;
    }

    /**
     * The most the receiver's link has been seen to carry cleanly since its last loss, bit/s (no
     * bound before the first loss, or once the reports are stale). After a loss the estimate
     * is at most what got through, which a link's burst allowance inflates; a layer above
     * this needs a probe first ({@link RateProbe}).
     */
    public long carried(long nowNanos) {
        return fresh(nowNanos) ? carried : MAX;
    }

    /**
     * A probe failed (the receiver's connection): what the link carried during it (and the
     * estimate it raised) was a burst the link absorbed, and the loss it caused was its own:
     * the link is back where it was before it, carrying {@code proven} cleanly, with the
     * estimate then, {@code estimate} (not lower: the resends that repair the probe's loss are
     * budgeted from it), not losing.
     */
    public void restore(long proven, long estimate) {
        lossBased = Math.max(MIN, estimate);
        carried = proven;
        losing = false;
    }

    /** The rate the receiver can take now (the default once its reports are stale). */
    public long bitsPerSecond(long nowNanos) {
        return lossBased(nowNanos);
    }

    private long lossBased(long nowNanos) {
        return fresh(nowNanos) ? lossBased : INITIAL;
    }

    private boolean fresh(long nowNanos) {
        return reported && nowNanos - lossBasedAt < STALE_NANOS;
    }
}
