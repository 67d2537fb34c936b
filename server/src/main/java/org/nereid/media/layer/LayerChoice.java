package org.nereid.media.layer;

/**
 * Which simulcast layer one receiver should get, decided at each of its reports from
 * its estimated rate and what each layer carries now. Down as soon as the current layer
 * no longer fits a receiver that is losing packets (a layer's bitrate jumps about from
 * second to second: on a clean link that says nothing); up only when the next layer fits with a quarter to spare
 * (and carries more than the current one) and the receiver has held its layer a while, the wait doubling each time an up-switch is
 * soon undone (so a link at its limit does not flap), and back down at once on loss soon after
 * an up-switch ({@link #promotionFailed}). A layer the publisher stopped
 * sending (Chrome pauses its high encoding under CPU load) is left for one that flows.
 * Used by one thread at a time (the receiver's connection).
 */
public final class LayerChoice {
    static final long BASE_HOLD_NANOS = 2_000_000_000L;
    static final long MAX_HOLD_NANOS = 32_000_000_000L;
    /** An up-switch undone sooner than this counts as failed. */
    static final long FAILED_UP_NANOS = 10_000_000_000L;
    /**
     * Loss this soon after an up-switch: the link cannot carry the new layer (the probe that let
     * the receiver up passed on a burst the link allowed), back down at once.
     */
    static final long PROMOTION_NANOS = 5_000_000_000L;

    private final int highest;
    private long holdNanos = BASE_HOLD_NANOS;
    private long changedAt;
    private long wentUpAt;
    private boolean wentUp;
    private boolean changed;
    /** The layer the last up-switch went to and the one it left, until the next switch (-1: none). */
    private int promotedTo = -1;
    private int promotedFrom;
    private boolean promotionFailed;

    /** @param highest the highest layer index this receiver may get (0 keeps it on the lowest) */
    public LayerChoice(int highest) {
        this.highest = highest;
    }

    /**
     * The layer to forward next.
     *
     * @param current  the layer forwarded now
     * @param rates    each layer's bitrate (bit/s), lowest layer first; 0 when it does not flow
     * @param estimate what the receiver can take (bit/s)
     * @param losing   whether the receiver's last reports show loss
     */
    public int choose(int current, long[] rates, long estimate, boolean losing, long nowNanos) {
        int top = Math.min(highest, rates.length - 1);
        int target = current;
        promotionFailed = false;
        if (!anyFlowing(rates, top)) {
            return current;
        }
        if (losing && current == promotedTo && nowNanos - wentUpAt < PROMOTION_NANOS) {
            // down even when the layer's bitrate is under the estimate: that estimate is what got
            // through, a policer's burst included (RateBrowserIT: h stayed under the cap and froze)
            int from = rates[promotedFrom] > 0 ? promotedFrom : fitting(rates, top, estimate);
            target = Math.min(from, fitting(rates, top, estimate));
            promotionFailed = target < current;
        } else if (current > top || rates[current] == 0 || (losing && rates[current] > estimate)) {
            target = fitting(rates, top, estimate);
        } else if (current < top && !losing) {
            int next = nextFlowing(rates, current, top);
            boolean held = !changed || nowNanos - changedAt >= holdNanos;
            if (next > current && held && fits(rates, current, next, estimate)) {
                target = next;
            }
        }
        if (target != current) {
            record(current, target, nowNanos);
        }
        return target;
    }

    /**
     * Whether the last {@link #choose} undid an up-switch because the receiver lost packets
     * within {@link #PROMOTION_NANOS} of it: the rate the receiver was sent there failed.
     */
    public boolean promotionFailed() {
        return promotionFailed;
    }

    /**
     * What the receiver's estimate must reach for the next layer up to fit (its bitrate with
     * a quarter to spare), when only a probe could show that it does: 0 at the top, while
     * losing or holding, when the next layer already fits or nothing flows above.
     */
    public long probeTarget(int current, long[] rates, boolean losing, long estimate, long nowNanos) {
        int top = Math.min(highest, rates.length - 1);
        if (current >= top || losing || rates[current] == 0 || (changed && nowNanos - changedAt < holdNanos)) {
            return 0;
        }
        int next = nextFlowing(rates, current, top);
        return next > current && !fits(rates, current, next, estimate) ? rates[next] + rates[next] / 4 : 0;
    }

    /**
     * Whether layer {@code next} fits with a quarter to spare and carries more than the current
     * one: a higher layer sent below the current one is starved (Chrome kept an unwatched 720p
     * layer at 40–60 kbit/s and 2 frames a second), not an improvement.
     */
    private static boolean fits(long[] rates, int current, int next, long estimate) {
        return rates[next] > rates[current] && rates[next] + rates[next] / 4 <= estimate;
    }

    /** The next flowing layer above {@code current} (a probe's aim), or {@code current} when none. */
    public int nextUp(int current, long[] rates) {
        return nextFlowing(rates, current, Math.min(highest, rates.length - 1));
    }

    private void record(int from, int to, long nowNanos) {
        promotedTo = to > from ? to : -1;
        promotedFrom = from;
        if (to > from) {
            wentUp = true;
            wentUpAt = nowNanos;
        } else if (wentUp && nowNanos - wentUpAt < FAILED_UP_NANOS) {
            holdNanos = Math.min(MAX_HOLD_NANOS, holdNanos * 2);
        } else {
            holdNanos = BASE_HOLD_NANOS;
        }
        changed = true;
        changedAt = nowNanos;
    }

    /** The highest flowing layer that fits, else the lowest flowing one, else the lowest. */
    private static int fitting(long[] rates, int top, long estimate) {
        int lowestFlowing = -1;
        for (int i = top; i >= 0; i--) {
            if (rates[i] > 0 && rates[i] <= estimate) {
                return i;
            }
            if (rates[i] > 0) {
                lowestFlowing = i;
            }
        }
        return Math.max(0, lowestFlowing);
    }

    private static boolean anyFlowing(long[] rates, int top) {
        for (int i = 0; i <= top; i++) {
            if (rates[i] > 0) {
                return true;
            }
        }
        return false;
    }

    private static int nextFlowing(long[] rates, int current, int top) {
        for (int i = current + 1; i <= top; i++) {
            if (rates[i] > 0) {
                return i;
            }
        }
        return current;
    }

    /** How long the receiver must hold its layer before going up again. */
    long holdNanos() {
        return holdNanos;
    }
}
