package org.nereid.media.track;

import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.nack.ResendLimiter;
import org.nereid.media.nack.ResendTrace;
import org.nereid.media.nack.TailPadding;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.srtp.PacketBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one receiver's NACKs about a {@link DownTrack} (the receiver's connection): each packet
 * it asks for again is resent from the cache of the layer it came from, rewritten as first sent
 * ({@link StreamRewriter#rewriteAgain}), on the RTX stream when the receiver has one, as far as
 * the {@link ResendLimiter} allows; a lost padding packet is resent as a tiny one (written by the
 * down track's {@link PaddingWriter}, whose {@link TailPadding} the NACKs drive). Owns the resend
 * counters.
 */
final class Resender {
    private static final Logger LOG = LoggerFactory.getLogger(Resender.class);
    private static final long RESCUE_INTERVAL_NANOS = 2_000_000_000L;

    /** What resends need of the down track's stream, read as each resend happens. */
    interface Stream {
        /** The receiver's SRTP context, null before start and after stop. */
        SrtpCryptoContext context();

        /** The layer being forwarded, -1 before the first packet. */
        int forwarded();

        /** The payload type the receiver's answer gave the codec. */
        int payloadType();

        /** Sends a packet in the receiver's stream: its SSRC and payload type written over. */
        void send(SrtpCryptoContext ctx, PacketBuffer out, int len);
    }

    private final UpTrack source;
    private final UpTrack[] layers;
    private final StreamRewriter rewriter;
    private final RtxStream rtx;
    private final PeerSink transport;
    private final RoundTrip roundTrip;
    private final PaddingWriter padding;
    private final Stream stream;
    private final ResendLimiter resends = new ResendLimiter();
    private final TailPadding tails;
    private volatile long nacks;
    private volatile long resent;
    private volatile long notCached;
    /** When a starved resend last asked for a keyframe. */
    private long lastRescueNanos;
    private boolean rescued;
    /** A rescue asked for a keyframe and none has been forwarded since (read by the forwarding thread). */
    private volatile boolean awaitingRescue;
    /** The down track's trace, null when none ({@link DownTrack#traceResends}). */
    private ResendTrace trace;

    /** Resends of {@code layers} (lowest first; the last is the track's source) as {@code rewriter} numbered them. */
    Resender(UpTrack[] layers, StreamRewriter rewriter, RtxStream rtx, PeerSink transport, RoundTrip roundTrip,
            PaddingWriter padding, Stream stream) {
        this.layers = layers;
        this.source = layers[layers.length - 1];
        this.rewriter = rewriter;
        this.rtx = rtx;
        this.transport = transport;
        this.roundTrip = roundTrip;
        this.padding = padding;
        this.tails = padding.tails();
        this.stream = stream;
    }

    /** Records resends and refusals into {@code trace} (null: stops); {@link DownTrack#traceResends}. */
    void trace(ResendTrace trace) {
        this.trace = trace;
        resends.trace(trace);
    }

    /**
     * A rate probe ended by the receiver's NACK had {@code unsentBytes} of padding left to send:
     * credited to the resend budget for the first resends of what it lost
     * ({@link ResendLimiter#credit}); before that NACK is answered.
     */
    void probeFailed(long unsentBytes, long now) {
        resends.credit(unsentBytes, now);
    }

    /** A generic NACK from the receiver: answers each packet it asks for. */
    void nacked(byte[] b, int at, int n, long now) {
        tails.nacked(now);
        for (int i = 0; i < Rtcp.nackPairs(n); i++) {
            int pair = Rtcp.nackPair(b, at, i);
            int pid = pair & 0xFFFF;
            resend(pid, now);
            for (int bit = 0; bit < 16; bit++) {
                if ((pair >>> (16 + bit) & 1) != 0) {
                    resend((pid + bit + 1) & 0xFFFF, now);
                }
            }
        }
    }

    /**
     * The receiver lost packet {@code seq}: resend it from the cache of the layer it came from,
     * rewritten as first sent, if it is still there and the {@link ResendLimiter} allows.
     */
    boolean resend(int seq, long nowNanos) {
        nacks++;
        SrtpCryptoContext ctx = stream.context();
        if (ctx == null) {
            return false;
        }
        PacketBuffer out = PacketBuffer.scratch();
        int len;
        if (rewriter.isPadding(seq)) {
            // the receiver counts a lost padding packet as lost and asks until it comes: a tiny one
            // does (most are TailPadding's, one per frame while the receiver loses packets), unless
            // its link is full
            ResendTrace.record(trace, ResendTrace.PADDING, seq, -1, nowNanos);
            if (tails.congested(nowNanos)) {
                return false;
            }
            len = padding.write(out.getBuffer(), seq, TailPadding.PADDING_BYTES, stream.payloadType());
        } else {
            resends.asked(seq, nowNanos);
            int layer = rewriter.sourceLayer(seq);
            len = layer < 0 ? -1 : layers[layer].cache().get(rewriter.sourceSequence(seq), out.getBuffer(), 0);
            if (len < 0 || !rewriter.rewriteAgain(out.getBuffer(), 0, len, seq)) {
                ResendTrace.record(trace, ResendTrace.NOT_CACHED, seq, layer < 0 ? -1 : rewriter.sourceSequence(seq), nowNanos);
                notCached++;
                // the publisher's repair may still come (the up track asks for every gap it saw), but
                // not for ever
                rescueIfStarved(seq, nowNanos);
                return false;
            }
        }
        boolean firstResend = !resends.resentBefore(seq);
        long refusedBefore = resends.refusedBudget();
        if (!resends.allow(seq, len, roundTrip.nanos(), nowNanos)) {
            if (resends.refusedBudget() != refusedBefore) {
                tails.budgetRefused(nowNanos);
            }
            rescueIfStarved(seq, nowNanos);
            return false;
        }
        resent++;
        ResendTrace.record(trace, ResendTrace.RESENT, seq, -1, nowNanos);
        if (!rtx.resend(out, len, firstResend, transport)) {
            stream.send(ctx, out, len);
        }
        return true;
    }

    /**
     * A video packet the receiver keeps asking for and cannot have in time
     * ({@link ResendLimiter#starved}: the budget refuses it, its copies were lost and no resend is
     * left, or it has asked {@link ResendLimiter#REPAIR_ASKS} times, cached or not, with no copy
     * on its way) leaves its frame broken, and the frames after it that refer to it, and
     * Chromium waits 3 s for a decodable frame before it asks for a keyframe itself
     * (RateBrowserIT's policed receiver froze 3.05 s so, LossRecoveryBrowserIT's receiver 3.09 s at
     * 5 % loss). The forwarded layer's publisher is asked now instead, at most every
     * {@link #RESCUE_INTERVAL_NANOS} for this receiver: a keyframe costs more than the refused
     * resends, so it must stay rare.
     */
    private void rescueIfStarved(int seq, long nowNanos) {
        if (resends.starved(seq, roundTrip.nanos(), nowNanos)) {
            rescue(nowNanos);
        }
    }

    private void rescue(long nowNanos) {
        int current = stream.forwarded();
        if (!source.isVideo() || current < 0 || rescued && nowNanos - lastRescueNanos < RESCUE_INTERVAL_NANOS) {
            return;
        }
        rescued = true;
        lastRescueNanos = nowNanos;
        ResendTrace.record(trace, ResendTrace.RESCUE, -1, -1, nowNanos);
        LOG.info("resends starved: a keyframe asked of layer {} for the receiver", current);
        awaitingRescue = true;
        layers[current].requestKeyframe();
    }

    /**
     * Whether a rescue still waits for its keyframe, after a packet forwarded to the receiver
     * ({@code keyframe}: it starts one, which ends the wait); the forwarding thread. While it
     * waits, the up track asks again every 500 ms: a PLI lost on the way (5 % loss) would
     * otherwise leave the receiver to Chromium's own, 3 s on.
     */
    boolean awaitsKeyframe(boolean keyframe) {
        if (keyframe && awaitingRescue) {
            awaitingRescue = false;
        }
        return awaitingRescue;
    }

    /**
     * The limiter's rates (media timer): resends stay within what the receiver's estimate
     * {@code budget} leaves beyond the {@code forwarded} rate, both in bit/s.
     */
    void setRates(long budget, long forwarded) {
        resends.setBudget(budget);
        resends.setForwardedRate(forwarded);
    }

    /** Sequence numbers the receiver asked for again (generic NACK). */
    long nacks() {
        return nacks;
    }

    /** Of those, the ones resent from the source's cache. */
    long resent() {
        return resent;
    }

    /** NACKed packets no longer (or never) in the layer's cache, or sent before the switches remembered. */
    long notCached() {
        return notCached;
    }

    /** Of the packets resent, those a failed rate probe's unsent padding paid for ({@link ResendLimiter#credit}). */
    long owedRepairs() {
        return resends.owedRepairs();
    }

    /** NACKed packets the {@link ResendLimiter} did not resend: asked too often, too soon, or over budget. */
    long resendsRefused() {
        return resends.refusedRepeat() + resends.refusedBudget();
    }
}
