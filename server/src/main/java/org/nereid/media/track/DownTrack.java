package org.nereid.media.track;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.layer.LayerFilter;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.nack.ResendLimiter;
import org.nereid.media.nack.ResendTrace;
import org.nereid.media.nack.PlayoutDelay;
import org.nereid.media.nack.TailPadding;
import org.nereid.media.rate.RateControl;
import org.nereid.media.rate.RateProbe;
import org.nereid.media.rtp.Keyframes;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.RrtrEcho;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * One up track as one receiver gets it: the receiver's SSRC and payload type
 * written over the publisher's, protected with the receiver's keys. A simulcast
 * video track has several layers (up tracks): the receiver gets one at a time,
 * chosen by its {@link RateControl} from the receiver's reports and switched on a keyframe of
 * the new layer, rewritten into one continuous stream ({@link StreamRewriter}), which also maps
 * NACKed sequence numbers back to the layer's cache; when even the lowest layer does not fit,
 * a {@link LayerFilter} drops its upper temporal (VP8, VP9) and spatial (VP9) layers as the
 * rate control chooses; the padding after a frame (a probe's, or a losing receiver's tail) is
 * written by a {@link PaddingWriter}; a
 * {@link Resender} answers the receiver's NACKs, within what a {@link ResendLimiter}, whose budget
 * is that estimate, lets them cost the receiver's link; when the receiver's answer kept {@code rtx},
 * resends travel on their own RTX stream ({@link RtxStream}), so its loss statistics and rate
 * estimate count the media stream alone; a {@link KeyframeReplayer} gives a new or recovering
 * receiver the cached keyframe instead of a PLI round trip. Sender reports are regenerated every
 * 500 ms from the forwarded layer's clock ({@link SenderClock}) in the rewritten
 * timeline; we remember when we sent each, so the receiver's reports (LSR, DLSR)
 * give the round trip.
 */
public final class DownTrack {
    private final UpTrack source;
    /** The layers this receiver may get, lowest first; {@code source} is the highest. */
    private final UpTrack[] layers;
    private final int ssrc;
    private final RtxStream rtx;
    private final PeerSink transport;
    private volatile int payloadType;
    private volatile SrtpCryptoContext context;
    private volatile SrtcpCryptoContext controlContext;
    // written by the forwarding thread (see lane)
    private volatile boolean hasKeyframe;
    private final StreamRewriter rewriter;
    private volatile int forwarded = -1;
    private volatile long layerSwitches;
    private final LayerFilter sublayers;
    // decides on the receiver's connection (its RTCP); read by the forwarding thread
    private final RateControl rateControl;
    // guarded by this (start, stop)
    private boolean started;
    private boolean stopped;
    /** The lane of the source's fan-out that forwards to this receiver (null: the source's worker); set at start. */
    private volatile FanOutLane lane;
    private volatile long packets;
    private volatile long octets;
    private final RoundTrip roundTrip = new RoundTrip();
    private final RateMeter rate = new RateMeter();
    // written only by the receiver's connection (its RTCP)
    private volatile ReportBlock received;
    private volatile long keyframeRequests;
    private final KeyframeReplayer replays;
    private final Resender resender;
    private final PaddingWriter padding;
    /** Packets forwarded since the last frame's end (the forwarding thread). */
    private int framePackets;
    /** The playout-delay extension's id in the receiver's answer, 0 when it has none. */
    private volatile int playoutDelayId;
    private final PlayoutDelay playoutDelay = new PlayoutDelay();
    /**
     * A test's trace of this receiver's repairs, null when none (the usual case, a null check on
     * the packet path). Plain: a trace attached while packets flow may miss the first few.
     */
    private ResendTrace trace;

    public DownTrack(UpTrack source, int ssrc, PeerSink transport) {
        this(new UpTrack[] {source}, ssrc, transport);
    }

    public DownTrack(UpTrack[] layers, int ssrc, PeerSink transport) {
        this(layers, ssrc, ~ssrc, transport);
    }

    /**
     * A track switched among {@code layers} (lowest first, all of one codec), starting on the
     * highest; resends go on {@code rtxSsrc} when the receiver accepts RTX.
     */
    public DownTrack(UpTrack[] layers, int ssrc, int rtxSsrc, PeerSink transport) {
        this.layers = layers.clone();
        this.source = layers[layers.length - 1];
        this.ssrc = ssrc;
        this.rtx = new RtxStream(rtxSsrc);
        this.transport = transport;
        this.payloadType = source.codec().payloadType();
        this.rewriter = new StreamRewriter(source.codec().key().equals("vp8"), source.codec().clockRate());
        this.sublayers = new LayerFilter(source.codec().key(), rewriter);
        this.rateControl = new RateControl(Integer.toUnsignedString(ssrc), source.isVideo(), layers.length,
                new RateLayers(), sublayers);
        this.padding = new PaddingWriter(ssrc, source.isVideo(), rewriter, rateControl, transport);
        Stream stream = new Stream();
        this.resender = new Resender(this.layers, rewriter, rtx, transport, roundTrip, padding, stream);
        this.replays = new KeyframeReplayer(this.layers, rewriter, stream);
    }

    /**
     * Records what happens to this receiver's packets and its asks for them into {@code trace}
     * from now on (null: stops); a debugging aid for tests of loss recovery.
     */
    public void traceResends(ResendTrace trace) {
        this.trace = trace;
        resender.trace(trace);
    }

    public UpTrack source() {
        return source;
    }

    public int ssrc() {
        return ssrc;
    }

    public int rtxSsrc() {
        return rtx.ssrc();
    }

    /** The payload type the receiver's answer gave rtx for our codec, or -1 when it refused RTX. */
    public void setRtxPayloadType(int pt) {
        rtx.setPayloadType(pt);
    }

    /** The id the receiver's answer gave the playout-delay extension (video), 0 when it refused it. */
    public void setPlayoutDelayExtension(int id) {
        playoutDelayId = source.isVideo() ? id : 0;
    }

    /** Frames sent asking the receiver for a longer jitter buffer while it loses packets. */
    public long delayedFrames() {
        return playoutDelay.delayedFrames();
    }

    /** Whether resends go on the RTX stream. */
    public boolean usesRtx() {
        return rtx.inUse();
    }

    /** The payload type the receiver's answer gave the codec. */
    public void setPayloadType(int pt) {
        payloadType = pt;
    }

    /**
     * DTLS finished on the receiver's connection: start sending, and get the receiver a
     * keyframe. Called again after each renegotiation; only the first may replay.
     */
    public synchronized void start(SrtpSession srtp) {
        controlContext = srtp.sendControlContext(ssrc);
        context = srtp.sendContext(ssrc);
        rtx.start(srtp);
        if (stopped) {
            return;
        }
        if (!started) {
            lane = source.fanOut().join(transport);
        }
        boolean replaying = !started && replays.wantAtStart(rateControl.target());
        started = true;
        for (UpTrack layer : layers) {
            layer.subscribe(this);
        }
        sendSenderReport(SenderClock.ntpNow(), System.nanoTime(), null);
        if (!replaying) {
            source.requestKeyframe();
        }
    }

    public synchronized void stop() {
        for (UpTrack layer : layers) {
            layer.unsubscribe(this);
        }
        context = null;
        if (started && !stopped) {
            source.fanOut().leave(transport);
        }
        stopped = true;
    }

    FanOutLane lane() {
        return lane;
    }

    /**
     * Sends a copy of a packet of layer {@code from} if this receiver gets that layer (the
     * forwarding thread: the source's worker, or this receiver's lane of its fan-out);
     * {@code keyframe} is a {@link Keyframes} answer for the packet.
     * A packet that starts a keyframe of the layer chosen for the receiver switches to it.
     * Returns whether this receiver waits for a keyframe of {@code from}: its first picture,
     * the switch to it, or a rescue of a broken frame. With a {@code batch} (a lane's run), what
     * this sends is gathered there when the receiver's connection can send a batch in one call,
     * and leaves when the lane flushes it; otherwise (and with null) each packet is sent at once.
     */
    boolean forward(UpTrack from, byte[] b, int off, int len, int keyframe, SendBatch batch) {
        SrtpCryptoContext ctx = context;
        if (ctx == null || transport.isClosed()) {
            return false;
        }
        SendBatch via = batch != null && transport.sendsSegments() ? batch : null;
        int layer = layerOf(from);
        int current = forwarded;
        // a recovering receiver's replay is of the layer it gets; a new one's starts it on its target
        if (replays.wanted() && (layer == current || current < 0 && layer == rateControl.target())) {
            flush(via);     // a replay is sent at once, and must not overtake the packets gathered before it
            if (replays.before(layer, Rtp.sequence(b, off), keyframe, ctx) && current < 0) {
                forwarded = current = layer;
                hasKeyframe = true;
            }
        }
        if (layer != current) {
            if (layer != rateControl.target()) {
                return false;
            }
            if (current >= 0 && keyframe == Keyframes.NO) {
                return true;
            }
            rewriter.switchTo(layer, b, off, len, System.nanoTime());
            forwarded = layer;
            if (current >= 0) {
                layerSwitches++;
            }
        }
        if (keyframe != Keyframes.NO && !hasKeyframe) {
            hasKeyframe = true;
        }
        // A packet recovered from the publisher after the stream went on (or reordered) goes back
        // to its place: it neither starts nor ends the frame under way. Taken for a frame end, it
        // was followed by padding in the middle of the next frame: a padding number among a
        // frame's packets, which the receiver does not assemble the frame across.
        boolean inOrder = rewriter.isAhead(b, off);
        PacketBuffer out = PacketBuffer.scratch().copyFrom(b, off, len);
        long now = System.nanoTime();
        if (!rewriteForReceiver(out.getBuffer(), len, keyframe != Keyframes.NO, now)) {
            return !hasKeyframe;
        }
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        if (inOrder && framePackets == 0 && playoutDelayId > 0) {
            len = delayPlayout(out, len, now);
        }
        count(out.getBuffer(), len);
        boolean frameEnd = inOrder && Rtp.marker(out.getBuffer(), 0);
        ResendTrace.forwarded(trace, out.getBuffer(), len, rewriter.isVp8(), keyframe != Keyframes.NO, Rtp.sequence(b, off),
                now);
        emit(ctx, out, via);
        if (inOrder) {
            framePackets++;
        }
        if (frameEnd) {
            flush(via);     // the same for padding after the frame
            int padded = padding.afterFrame(ctx, out, payloadType, now, framePackets);
            if (padded > 0) {
                ResendTrace.record(trace, ResendTrace.PADDED, Rtp.sequence(out.getBuffer(), 0), padded, now);
            }
            framePackets = 0;
        }
        // a rescue (Resender) waits for a keyframe too: its PLI may be lost
        return !hasKeyframe | resender.awaitsKeyframe(keyframe != Keyframes.NO);
    }

    /**
     * Rewrites a copy of a packet of the forwarded layer into the receiver's stream, or returns
     * false when it is of a temporal or spatial layer the receiver does not get ({@link LayerFilter}).
     */
    private boolean rewriteForReceiver(byte[] b, int len, boolean keyframe, long nowNanos) {
        int admitted = sublayers.admit(b, 0, len, keyframe);
        if (admitted == LayerFilter.DROPPED) {
            return false;
        }
        rewriter.rewrite(b, 0, len, nowNanos);
        if (admitted == LayerFilter.FORWARD_MARKED) {
            rewriter.mark(b, 0);
        }
        return true;
    }

    /** A frame's first packet: the playout delay a losing receiver is asked for ({@link PlayoutDelay}); returns the length. */
    private int delayPlayout(PacketBuffer out, int len, long nowNanos) {
        int value = playoutDelay.atFrameStart(padding.tails().losing(nowNanos));
        if (value == PlayoutDelay.NONE) {
            return len;
        }
        len = Rtp.addExtension3(out.getBuffer(), 0, len, playoutDelayId, value);
        out.setLength(len);
        return len;
    }

    /** Counts a packet sent in the stream (not a resend) for our sender reports and the bitrate. */
    private void count(byte[] b, int len) {
        packets++;
        octets += len - Rtp.headerLength(b, 0, len);
    }

    private int layerOf(UpTrack track) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == track) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Sends our sender report (every 500 ms, and at once after a layer's publisher's first): NTP
     * time {@code nowNtp}, the RTP time the forwarded layer's clock gives it as the rewriter
     * shifts that layer's timestamps, our own counts; with the DLRR answering the receiver's
     * latest RTCP XR RRTR after it, from this track's SSRC, when {@code echo} is given (not
     * null) and has one. Nothing before the layer's first report, whose clock we need, nor when
     * a layer switch comes between (the next one will do).
     */
    public void sendSenderReport(long nowNtp, long nowNanos, RrtrEcho echo) {
        SrtcpCryptoContext ctx = controlContext;
        int layer = rewriter.switchedLayer();
        SenderClock clock = layers[layer < 0 ? rateControl.target() : layer].senderClock();
        if (ctx == null || clock == null || transport.isClosed()) {
            return;
        }
        long rtpTime = rewriter.outputTimestamp(layer, clock.rtpTimeAt(nowNtp, nowNanos, source.codec().clockRate()));
        if (rtpTime < 0) {
            return;
        }
        PacketBuffer out = PacketBuffer.scratch();
        int n = Rtcp.writeSenderReport(out.getBuffer(), 0, ssrc, nowNtp, rtpTime, packets, octets);
        if (echo != null) {
            n += echo.write(out.getBuffer(), n, ssrc, nowNanos);
        }
        roundTrip.sent(nowNtp, nowNanos);
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtcp(ctx, out);
    }

    /** A generic NACK from the receiver about this track (the receiver's connection): answer each packet it asks for. */
    public void nacked(byte[] b, int at, int n) {
        long now = System.nanoTime();
        // the probe first: when this NACK ends one, its unsent padding pays the repair of what it lost
        long unsent = rateControl.nacked(Rtcp.nackPairs(n), now);
        if (unsent > 0) {
            resender.probeFailed(unsent, now);
        }
        resender.nacked(b, at, n, now);
    }

    /** The receiver lost packet {@code seq}: {@link Resender#resend}. */
    boolean resend(int seq, long nowNanos) {
        return resender.resend(seq, nowNanos);
    }

    /** Sends a packet in the receiver's stream: its SSRC and payload type written over. */
    private void send(SrtpCryptoContext ctx, PacketBuffer out, int len) {
        out.setOffset(0);
        out.setLength(len);
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        transport.sendRtp(ctx, out);
    }

    private static void flush(SendBatch batch) {
        if (batch != null) {
            batch.flush();
        }
    }

    /** Protects and sends {@code out} now, or adds it to the lane's {@code batch} (null: now). */
    private void emit(SrtpCryptoContext ctx, PacketBuffer out, SendBatch batch) {
        if (batch != null) {
            batch.add(transport, ctx, out);
        } else {
            transport.sendRtp(ctx, out);
        }
    }

    /**
     * The receiver asked for a keyframe (PLI or FIR; the receiver's connection): when the forwarded
     * layer's cache holds one at most {@value KeyframeReplayer#MAX_AGE_PACKETS} packets old that this receiver was
     * not replayed yet, the forwarding thread replays it (a picture without a PLI round trip), at
     * most once per round trip; otherwise the forwarded layer's publisher is asked.
     */
    public void keyframeRequested() {
        keyframeRequests++;
        ResendTrace.record(trace, ResendTrace.RECEIVER_PLI, -1, -1, System.nanoTime());
        int current = forwarded;
        if (current < 0) {
            if (!replays.wanted()) {    // else the first packet brings the cached keyframe
                source.requestKeyframe();
            }
            return;
        }
        if (source.isVideo() && current == rateControl.target()
                && replays.ask(current, roundTrip.nanos(), System.nanoTime())) {
            return;
        }
        layers[current].requestKeyframe();
    }

    /**
     * The receiver's report block about this track (the receiver's connection): its loss moves
     * the rate control's estimate and layer choice; the round trip when it echoes one of our
     * sender reports.
     */
    public void receiverReport(ReportBlock block, long nowNanos) {
        received = block;
        rateControl.report(block, octets, rtx.repairs(), rate.bitsPerSecond(), roundTrip.nanos(), nowNanos);
        roundTrip.echoed(block, nowNanos);
    }

    /**
     * Samples our bitrate (media timer) and gives the resend limiter its rates: resends stay
     * within what the receiver's estimate leaves beyond what it is forwarded.
     */
    void sampleRate(long nowNanos) {
        rate.sample(octets, nowNanos);
        sublayers.sample(nowNanos);
        resender.setRates(rateControl.bitsPerSecond(nowNanos), rate.bitsPerSecond());
    }

    public long packets() {
        return packets;
    }

    /** What the receiver can take now, in bit/s: the rate its reports allow (for pacing and resend budgets). */
    public long estimatedBitrate() {
        return rateControl.bitsPerSecond(System.nanoTime());
    }

    /** The layer being forwarded (an up track), or null before the first packet. */
    public UpTrack forwardedLayer() {
        int i = forwarded;
        return i < 0 ? null : layers[i];
    }

    /** Galène's {@code video-low} without simulcast: the lowest spatial layer only (before start). */
    public void limitToLowestSpatial() {
        rateControl.limitToLowestSpatial();
    }

    /** Padding packets sent after frames to show the receiver a lost last packet at once. */
    public TailPadding tailPadding() {
        return padding.tails();
    }

    /** Rate probes started, and padding packets they sent. */
    public RateProbe probe() {
        return rateControl.probe();
    }

    /** The temporal and spatial layers this receiver gets of the forwarded layer, and what was dropped. */
    public LayerFilter sublayers() {
        return sublayers;
    }

    /** Switches between simulcast layers so far. */
    public long layerSwitches() {
        return layerSwitches;
    }

    /** What this receiver asks of {@code layer} for the publisher's REMB ({@link RateControl#bitrateFor}). */
    long bitrateFor(UpTrack layer, long nowNanos) {
        return rateControl.bitrateFor(layerOf(layer), forwarded, nowNanos);
    }

    /** RTP payload bytes sent. */
    public long bytes() {
        return octets;
    }

    /** Payload bitrate over the last second, in bit/s. */
    public long bitrate() {
        return rate.bitsPerSecond();
    }

    /** The receiver's last report block about this track, null before the first. */
    public ReportBlock lastReceiverReport() {
        return received;
    }

    /** Round trip to the receiver from its last report that echoed our SR, 0 if unknown. */
    public long rttNanos() {
        return roundTrip.nanos();
    }

    /**
     * How long the receiver may take to ask for a lost packet again: the round trip + 4 × its
     * jitter (Galène's estimate), 0 before its first report.
     */
    long retransmissionTimeoutNanos() {
        ReportBlock block = received;
        long jitter = block == null ? 0 : block.jitter() * 1_000_000_000L / source.codec().clockRate();
        return roundTrip.nanos() + 4 * jitter;
    }

    /** Sequence numbers the receiver asked for again (generic NACK). */
    public long nacks() {
        return resender.nacks();
    }

    /** Of those, the ones resent from the source's cache. */
    public long resent() {
        return resender.resent();
    }

    /** NACKed packets no longer (or never) in the layer's cache, or sent before the switches remembered. */
    public long notCached() {
        return resender.notCached();
    }

    /** Of the packets resent, those a failed rate probe's unsent padding paid for, outside the resend budget. */
    public long owedRepairs() {
        return resender.owedRepairs();
    }

    /** NACKed packets the {@link ResendLimiter} did not resend: asked too often, too soon, or over budget. */
    public long resendsRefused() {
        return resender.resendsRefused();
    }

    /** Times a cached keyframe was replayed to this receiver instead of asking the publisher. */
    public long keyframeReplays() {
        return replays.count();
    }

    /** PLIs and FIRs from the receiver. */
    public long keyframeRequests() {
        return keyframeRequests;
    }

    /** The layers as the rate control sees them. */
    private final class RateLayers implements RateControl.Layers {
        @Override
        public long bitrate(int layer) {
            return layers[layer].bitrate();
        }

        @Override
        public long recentPeakBitrate(int layer) {
            return layers[layer].recentPeakBitrate();
        }

        @Override
        public void requestKeyframe(int layer) {
            layers[layer].requestKeyframe();
        }

        @Override
        public String rid(int layer) {
            return layers[layer].rid();
        }
    }

    /** The stream's state and writing as {@link Resender} and {@link KeyframeReplayer} need them, read as they use them. */
    private final class Stream implements Resender.Stream, KeyframeReplayer.Stream {
        @Override
        public SrtpCryptoContext context() {
            return context;
        }

        @Override
        public int forwarded() {
            return forwarded;
        }

        @Override
        public int payloadType() {
            return payloadType;
        }

        @Override
        public void send(SrtpCryptoContext ctx, PacketBuffer out, int len) {
            DownTrack.this.send(ctx, out, len);
        }

        @Override
        public boolean rewrite(byte[] b, int len, boolean keyframe, long nowNanos) {
            return rewriteForReceiver(b, len, keyframe, nowNanos);
        }

        @Override
        public void sendNew(SrtpCryptoContext ctx, PacketBuffer out, int len) {
            count(out.getBuffer(), len);
            DownTrack.this.send(ctx, out, len);
        }
    }
}
