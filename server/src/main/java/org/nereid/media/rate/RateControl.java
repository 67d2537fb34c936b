package org.nereid.media.rate;

import java.util.Arrays;
import org.nereid.media.layer.LayerChoice;
import org.nereid.media.layer.LayerFilter;
import org.nereid.media.layer.SublayerChoice;
import org.nereid.media.rtp.ReportBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver's rate control on one down track: its reports move the estimate of what its
 * link takes ({@link ReceiverRate}), from which the simulcast layer it should get is chosen
 * ({@link LayerChoice}), and, when even the lowest does not fit, its temporal and spatial
 * layers ({@link SublayerChoice} on the track's {@link LayerFilter}); a {@link RateProbe}
 * pads the stream when only that can show the link carries the next layer up.
 *
 * <p>Decisions are made on the receiver's connection (its RTCP); the forwarding thread reads
 * {@link #target} and asks {@link #padding}, each a volatile read or the probe's own
 * lock-free count: no lock, no allocation on the packet path.
 */
public final class RateControl {
    private static final Logger LOG = LoggerFactory.getLogger(RateControl.class);

    /** The layers one receiver may get, lowest first, as the rate control sees them. */
    public interface Layers {
        /** The layer's bitrate over the last second, bit/s (0: it does not flow). */
        long bitrate(int layer);

        /** The most the layer has sent lately, bit/s. */
        long recentPeakBitrate(int layer);

        /** Asks the layer's publisher for a keyframe. */
        void requestKeyframe(int layer);

        /** The layer's name for the log. */
        String rid(int layer);
    }

    private final String name;
    private final boolean video;
    private final Layers layers;
    private final LayerFilter sublayers;
    private final ReceiverRate estimate = new ReceiverRate();
    private final RateProbe probe = new RateProbe(estimate);
    private final LayerChoice choice;
    private final SublayerChoice thinning = new SublayerChoice();
    // the receiver's connection
    private final long[] rates;
    /** Payload bytes sent when the receiver's last report interval was taken, and when. */
    private long octetsAtInterval;
    private long intervalAt;
    // read by the forwarding thread
    private volatile int target;
    /** The layer a probe under way aims at (the publisher's REMB asks it for this receiver), -1: none. */
    private volatile int aim = -1;
    /**
     * What the layer aimed at is asked for, bit/s: ¾ of the estimate when the aim began, held
     * while it lasts. Asked ¾ of the estimate as it moved, the layer grew with each probe
     * that passed (the padding raises the estimate), and the publisher gave it the REMB's unused
     * audio share on top (~70 kbit/s): on a quiet machine, whose encoder reached all of that,
     * the layer never fitted with a quarter to spare, and a lifted cap was not found within
     * 15 s (RateBrowserIT in CI). Held, it stands still while the probes climb to it.
     */
    private volatile long aimAsk;

    /**
     * @param name      the down track, for the log
     * @param count     how many layers the receiver may get; it starts on the highest
     * @param sublayers the track's temporal and spatial filter, thinned when the lowest layer does not fit
     */
    public RateControl(String name, boolean video, int count, Layers layers, LayerFilter sublayers) {
        this.name = name;
        this.video = video;
        this.layers = layers;
        this.sublayers = sublayers;
        this.rates = new long[count];
        this.choice = new LayerChoice(count - 1);
        this.target = count - 1;
    }

    /**
     * The receiver's report block about the track (its connection): {@code octets} is the
     * payload sent it so far, {@code repairedOnRtx} the lost packets resent on RTX, {@code
     * forwarded} the last second's bitrate, {@code rttNanos} the round trip known before this
     * report. Moves the estimate at each report interval, then chooses the layer.
     */
    public void report(ReportBlock block, long octets, long repairedOnRtx, long forwarded, long rttNanos,
                       long nowNanos) {
        // what we sent over the interval itself: the last second's rate lags a layer switch,
        // and would credit the link after a fall with what the higher layer sent before it
        long elapsed = nowNanos - intervalAt;
        long mediaRate = intervalAt == 0 || elapsed <= 0 ? forwarded
                : (octets - octetsAtInterval) * 8 * 1_000_000_000L / elapsed;
        boolean interval = estimate.counts(block.fractionLost(), block.cumulativeLost(), repairedOnRtx,
                block.extendedHighest(), mediaRate + probe.sentBitsPerSecond(nowNanos), nowNanos);
        if (interval) {
            octetsAtInterval = octets;
            intervalAt = nowNanos;
            probe.settle(nowNanos);
        }
        if (video) {
            chooseLayer(nowNanos, interval, forwarded, rttNanos);
        }
    }

    /** The layer to forward, at each report; and at each report interval, the probe's turn. */
    private void chooseLayer(long nowNanos, boolean interval, long forwarded, long rttNanos) {
        int before = target;
        for (int i = 0; i < rates.length; i++) {
            // a layer above the forwarded one may be throttled by its publisher while nobody takes
            // it (Chrome sent an unwatched h at 170 kbit/s, then 500 once taken): judge it by what
            // it sent lately, or a receiver goes up into a layer its link cannot carry (judged by
            // what it was asked as the aim, a layer asked little under a cap fitted the cap, and
            // the receiver went up into it before its ask grew with the layer taken)
            long now = layers.bitrate(i);
            rates[i] = i > before && now > 0 ? Math.max(now, layers.recentPeakBitrate(i)) : now;
        }
        // a switch waiting for its keyframe counts as made: choosing again from the forwarded
        // layer would call it off at once (the hold) and keep the receiver where it was
        long e = estimate.bitsPerSecond(nowNanos);
        // up only to what the link has carried since its last loss: after one, the estimate is
        // just a bound, and a probe must show the next layer fits (all of it: its first clean
        // interval may be a burst the link absorbed)
        boolean losing = estimate.losing();
        long usable = losing ? e : Math.min(e, estimate.carried(nowNanos));
        if (probe.probing()) {
            usable = Math.min(usable, probe.provenBefore());
        }
        int chosen = choice.choose(before, rates, usable, losing, nowNanos);
        target = chosen;
        if (chosen != before) {
            LOG.info("down track {}: layer {} → {} (estimate {} bit/s, {} usable, layers {} bit/s)",
                    name, layers.rid(before), layers.rid(chosen), e, usable, Arrays.toString(rates));
        }
        int limits = sublayers.wanted();
        if (thinning.choose(sublayers, rates, chosen, usable, losing, nowNanos)) {
            layers.requestKeyframe(chosen);
        }
        if (choice.promotionFailed() || thinning.promotionFailed()) {
            // loss soon after going up: what it was sent there failed, as a probe to it would have
            probe.promotionFailed(forwarded, nowNanos);
        }
        if (sublayers.wanted() != limits) {
            int w = sublayers.wanted();
            LOG.info("down track {}: layers up to S{} T{} (estimate {} bit/s, {} usable, {} packets dropped so far)",
                    name, w / (LayerFilter.TOP + 1), w % (LayerFilter.TOP + 1), e, usable, sublayers.dropped());
        }
        if (interval) {
            long wanted = choice.probeTarget(chosen, rates, losing, usable, nowNanos);
            if (wanted == 0) {
                wanted = thinning.probeTarget(sublayers, losing, usable, nowNanos);
            }
            boolean was = probe.probing();
            long probes = probe.probes();
            long passed = probe.passed();
            probe.interval(losing, e, usable, forwarded, wanted, rttNanos, nowNanos);
            // the publisher is asked for the next layer while we probe towards it, and once the
            // link has shown it carries it (a probe that passed and asks no next step reached it),
            // until the layer (held low while nobody took it) fits
            boolean shown = usable >= wanted || probe.passed() != passed;
            int next = wanted > 0 && (probe.probing() || shown) ? choice.nextUp(chosen, rates) : -1;
            if (next != aim) {
                aimAsk = e * 3 / 4;
                aim = next;
            }
            if (probe.probing() != was || probe.probes() != probes) {
                LOG.info("down track {}: probe {} (estimate {} bit/s, {} wanted, padding {} bit/s)",
                        name, probe.probing() ? "started" : "ended", e, wanted, probe.paddingRate());
            }
        }
    }

    /**
     * The receiver sent a NACK about the track with {@code count} entries (its connection; each
     * asks for one packet or more): a probe under way may fail on it. Returns the padding bytes a probe that failed on it had left to send (0:
     * none failed), credited to the resend budget for the repair of what it lost ({@code ResendLimiter#credit}).
     */
    public long nacked(int count, long nowNanos) {
        return probe.nacked(count, nowNanos);
    }

    /** The layer the receiver should get (any thread; the forwarding thread switches to it on a keyframe). */
    public int target() {
        return target;
    }

    /** What the receiver can take now, bit/s. */
    public long bitsPerSecond(long nowNanos) {
        return estimate.bitsPerSecond(nowNanos);
    }

    /**
     * What this receiver asks of {@code layer} for the publisher's REMB: when it gets that
     * layer ({@code forwarded}) or is switching to it, ¾ of its estimate (Galène asks for all
     * of it; the same link carries the audio, and the publisher's encoder overshoots, which kept
     * a policed receiver losing); when it probes towards it, the same share of the estimate when
     * the aim began ({@link #aimAsk}); else nothing (a layer nobody asks for gets no share).
     */
    public long bitrateFor(int layer, int forwarded, long nowNanos) {
        if (layer == forwarded || layer == target) {
            return estimate.bitsPerSecond(nowNanos) * 3 / 4;
        }
        return layer == aim ? aimAsk : 0;
    }

    /** How many padding packets a probe under way wants after this frame (the forwarding thread). */
    public int padding(long nowNanos) {
        return probe.padding(nowNanos);
    }

    /** Galène's {@code video-low} without simulcast: the lowest spatial layer only (before start). */
    public void limitToLowestSpatial() {
        thinning.limitSpatial(sublayers, 0);
    }

    /** Rate probes started, and padding packets they sent. */
    public RateProbe probe() {
        return probe;
    }
}
