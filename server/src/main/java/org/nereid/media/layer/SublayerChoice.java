package org.nereid.media.layer;

/**
 * Which temporal and spatial layers of the forwarded encoding one receiver gets, when the
 * encoding as a whole does not fit its estimate and there is no lower simulcast layer to go
 * to: the steps are ordered from the least to the most the receiver gets, and chosen among
 * with a {@link LayerChoice} (the same rules as simulcast layers: down at once on loss, up
 * with a quarter to spare after a hold). The order keeps the full frame rate before it adds
 * resolution: spatial layer 0 at the base frame rate, then its temporal layers, then each
 * higher spatial layer with all its temporal layers only (a smooth lower resolution beats a
 * sharp picture at half the frame rate, as Jitsi's preferred frame rate for cameras; a
 * 160 kbit/s receiver was kept on 640x360 at 10 fps, SvcBrowserIT). VP8 has temporal steps only.
 * A receiver may be held to the lowest spatial layer whatever its rate ({@link #limitSpatial}:
 * Galène's {@code video-low} on a stream without a low simulcast layer).
 * Used by one thread at a time (the receiver's connection).
 */
public final class SublayerChoice {
    /** Spatial layer 0's temporal layers, then one step for each higher spatial layer. */
    private static final int MAX_STEPS = 2 * LayerFilter.TOP + 1;

    private final LayerChoice choice = new LayerChoice(MAX_STEPS - 1);
    private final int[] stepSid = new int[MAX_STEPS];
    private final int[] stepTid = new int[MAX_STEPS];
    // the step chosen last, as its layers (the steps are renumbered when a layer first shows up)
    private int chosenSid = -1;
    private int chosenTid = -1;
    private boolean thin;
    private int spatialLimit = LayerFilter.TOP;

    /**
     * Never more than spatial layer {@code sid} (its temporal layers still follow the rate),
     * from now on: also set on {@code filter} at once, before the receiver's first report.
     */
    public void limitSpatial(LayerFilter filter, int sid) {
        spatialLimit = sid;
        filter.want(sid, LayerFilter.TOP);
    }

    /**
     * Chooses the limits for {@code filter} from the receiver's usable rate, when {@code layer}
     * is the lowest simulcast layer that flows ({@code rates} as {@link LayerChoice#choose} gets
     * them); otherwise the receiver can go down a simulcast layer instead, and gets the whole
     * encoding. Returns whether a keyframe is needed to reach the spatial layer chosen.
     */
    public boolean choose(LayerFilter filter, long[] rates, int layer, long usable, boolean losing, long nowNanos) {
        thin = lowest(rates, layer);
        int n = steps(filter);
        if (!thin || n < 2) {
            // all of it, a layer the publisher adds later included
            chosenSid = -1;
            chosenTid = -1;
            filter.want(spatialLimit, LayerFilter.TOP);
            return filter.awaitsKeyframe();
        }
        int top = n - 1;
        int from = chosen(n);
        int next = choice.choose(from < 0 ? top : from, rates(filter, n), usable, losing, nowNanos);
        chosenSid = stepSid[next];
        chosenTid = stepTid[next];
        if (next == top) {
            filter.want(spatialLimit, LayerFilter.TOP);
        } else {
            filter.want(chosenSid, chosenTid);
        }
        return filter.awaitsKeyframe();
    }

    /** Whether the last {@link #choose} undid an up-switch on loss ({@link LayerChoice#promotionFailed}). */
    public boolean promotionFailed() {
        return thin && choice.promotionFailed();
    }

    /**
     * What the receiver's estimate must reach for the next step up to fit (0 when none waits: see
     * {@link LayerChoice#probeTarget}).
     */
    public long probeTarget(LayerFilter filter, boolean losing, long usable, long nowNanos) {
        int n = steps(filter);
        int current = chosen(n);
        if (!thin || n < 2 || current < 0 || current >= n - 1) {
            return 0;
        }
        return choice.probeTarget(current, rates(filter, n), losing, usable, nowNanos);
    }

    private static boolean lowest(long[] rates, int layer) {
        for (int i = 0; i < layer; i++) {
            if (rates[i] > 0) {
                return false;
            }
        }
        return true;
    }

    /** The index of the step chosen last among the {@code n} steps now, -1 if none. */
    private int chosen(int n) {
        for (int i = 0; i < n; i++) {
            if (stepSid[i] == chosenSid && stepTid[i] == chosenTid) {
                return i;
            }
        }
        return -1;
    }

    /** Fills the steps for the layers the stream has; returns how many. */
    private int steps(LayerFilter filter) {
        int maxS = Math.min(filter.maxSpatial(), spatialLimit);
        int maxT = Math.max(0, filter.maxTemporal());
        if (maxS < 0) {
            return 0;
        }
        int n = 0;
        for (int t = 0; t <= maxT; t++) {
            n = step(n, 0, t);
        }
        for (int s = 1; s <= maxS; s++) {
            n = step(n, s, maxT);
        }
        return n;
    }

    private int step(int n, int s, int t) {
        stepSid[n] = s;
        stepTid[n] = t;
        return n + 1;
    }

    private long[] rates(LayerFilter filter, int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = filter.bitrateUpTo(stepSid[i], stepTid[i]);
        }
        return r;
    }
}
