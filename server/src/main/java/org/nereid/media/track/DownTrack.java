package org.nereid.media.track;

import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.layer.LayerChoice;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.rate.ReceiverRate;
import org.nereid.media.rtp.Keyframes;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One up track as one receiver gets it: the receiver's SSRC and payload type
 * written over the publisher's, protected with the receiver's keys. A simulcast
 * video track has several layers (up tracks): the receiver gets one at a time,
 * chosen from its estimated rate ({@link ReceiverRate}, {@link LayerChoice}) and
 * switched on a keyframe of the new layer, rewritten into one continuous stream
 * ({@link StreamRewriter}), which also maps NACKed sequence numbers back to the
 * layer's cache. The sender reports keep the publisher's NTP time; we remember
 * when we sent each, so the receiver's reports (LSR, DLSR) give the round trip.
 */
public final class DownTrack {
    private static final Logger LOG = LoggerFactory.getLogger(DownTrack.class);
    /** A sender report we sent: the middle bits of its NTP time, as the receiver's LSR echoes them. */
    private record SentReport(long lsr, long sentNanos) {
    }


    private final UpTrack source;
    /** The layers this receiver may get, lowest first; {@code source} is the highest. */
    private final UpTrack[] layers;
    private final int ssrc;
    private final PeerSink transport;
    private volatile int payloadType;
    private volatile SrtpCryptoContext context;
    private volatile SrtcpCryptoContext controlContext;
    // written only by the source's worker
    private boolean hasKeyframe;
    private final StreamRewriter rewriter;
    private volatile int forwarded = -1;
    private volatile long layerSwitches;
    // written only by the receiver's connection (its RTCP); read by the source's worker
    private final ReceiverRate estimate = new ReceiverRate();
    private final LayerChoice choice;
    private volatile int target;
    private volatile long packets;
    private volatile long octets;
    private volatile SentReport lastSent;
    private volatile SentReport previousSent;
    private final RateMeter rate = new RateMeter();
    // written only by the receiver's connection (its RTCP)
    private volatile ReportBlock received;
    private volatile long rttNanos;
    private volatile long nacks;
    private volatile long resent;
    private volatile long keyframeRequests;

    public DownTrack(UpTrack source, int ssrc, PeerSink transport) {
        this(new UpTrack[] {source}, ssrc, transport);
    }

    /** A track switched among {@code layers} (lowest first, all of one codec), starting on the highest. */
    public DownTrack(UpTrack[] layers, int ssrc, PeerSink transport) {
        this.layers = layers.clone();
        this.source = layers[layers.length - 1];
        this.ssrc = ssrc;
        this.transport = transport;
        this.payloadType = source.codec().payloadType();
        this.rewriter = new StreamRewriter(source.codec().key().equals("vp8"), source.codec().clockRate());
        this.choice = new LayerChoice(layers.length - 1);
        this.target = layers.length - 1;
    }

    public UpTrack source() {
        return source;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The payload type the receiver's answer gave the codec. */
    public void setPayloadType(int pt) {
        payloadType = pt;
    }

    /** DTLS finished on the receiver's connection: start sending, and get the receiver a keyframe. */
    public void start(SrtpSession srtp) {
        controlContext = srtp.sendControlContext(ssrc);
        context = srtp.sendContext(ssrc);
        for (UpTrack layer : layers) {
            layer.subscribe(this);
        }
        if (source.lastSenderReportNtp() != 0) {
            senderReport(source.lastSenderReportNtp(), source.lastSenderReportRtp());
        }
        source.requestKeyframe();
    }

    public void stop() {
        for (UpTrack layer : layers) {
            layer.unsubscribe(this);
        }
        context = null;
    }

    /**
     * Sends a copy of a packet of layer {@code from} if this receiver gets that layer (the
     * source's worker thread); {@code keyframe} is a {@link Keyframes} answer for the packet.
     * A packet that starts a keyframe of the layer chosen for the receiver switches to it.
     * Returns whether this receiver waits for a keyframe of {@code from}: its first picture,
     * or the switch to it.
     */
    boolean forward(UpTrack from, byte[] b, int off, int len, int keyframe) {
        SrtpCryptoContext ctx = context;
        if (ctx == null || transport.isClosed()) {
            return false;
        }
        int layer = layerOf(from);
        int current = forwarded;
        if (layer != current) {
            int wanted = target;
            if (layer != wanted) {
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
        hasKeyframe |= keyframe != Keyframes.NO;
        PacketBuffer out = PacketBuffer.scratch().copyFrom(b, off, len);
        rewriter.rewrite(out.getBuffer(), 0, len, System.nanoTime());
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        packets++;
        octets += len - Rtp.headerLength(b, off, len);
        transport.sendRtp(ctx, out);
        return !hasKeyframe;
    }

    private int layerOf(UpTrack track) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == track) {
                return i;
            }
        }
        return -1;
    }

    /** Passes the publisher's NTP/RTP mapping on as our own sender report, with our counts. */
    void senderReport(long ntp, long rtpTime) {
        SrtcpCryptoContext ctx = controlContext;
        if (ctx == null || transport.isClosed()) {
            return;
        }
        PacketBuffer out = PacketBuffer.scratch();
        int n = Rtcp.writeSenderReport(out.getBuffer(), 0, ssrc, ntp, rtpTime, packets, octets);
        previousSent = lastSent;
        lastSent = new SentReport(Rtcp.middleNtp(ntp), System.nanoTime());
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtcp(ctx, out);
    }

    /**
     * The receiver lost packet {@code seq}: resend it from the source's cache if it is still
     * there (the receiver's connection).
     */
    public boolean resend(int seq) {
        nacks++;
        SrtpCryptoContext ctx = context;
        if (ctx == null) {
            return false;
        }
        int layer = rewriter.sourceLayer(seq);
        if (layer < 0) {
            return false;
        }
        PacketBuffer out = PacketBuffer.scratch();
        int len = layers[layer].cache().get(rewriter.sourceSequence(seq), out.getBuffer(), 0);
        if (len < 0) {
            return false;
        }
        if (!rewriter.rewriteAgain(out.getBuffer(), 0, len, seq)) {
            return false;
        }
        resent++;
        out.setOffset(0);
        out.setLength(len);
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        transport.sendRtp(ctx, out);
        return true;
    }

    /** The receiver asked for a keyframe (PLI or FIR): pass it on to the publisher (the receiver's connection). */
    public void keyframeRequested() {
        keyframeRequests++;
        source.requestKeyframe();
    }

    /**
     * The receiver's report block about this track (the receiver's connection): its loss and
     * jitter, and the round trip when it echoes one of our sender reports.
     */
    public void receiverReport(ReportBlock block, long nowNanos) {
        received = block;
        estimate.counts(block.fractionLost(), block.cumulativeLost(), block.extendedHighest(), rate.bitsPerSecond(),
                nowNanos);
        chooseLayer(nowNanos);
        if (block.lsr() == 0) {
            return;
        }
        SentReport sent = sentReport(block.lsr());
        if (sent != null) {
            long rtt = nowNanos - sent.sentNanos() - block.dlsr() * 1_000_000_000L / 65536;
            if (rtt >= 0) {
                rttNanos = rtt;
            }
        }
    }

    private void chooseLayer(long nowNanos) {
        if (layers.length < 2) {
            return;
        }
        long[] rates = new long[layers.length];
        for (int i = 0; i < layers.length; i++) {
            rates[i] = layers[i].bitrate();
        }
        // a switch waiting for its keyframe counts as made: choosing again from the forwarded
        // layer would call it off at once (the hold) and keep the receiver where it was
        int before = target;
        long e = estimate.bitsPerSecond(nowNanos);
        target = choice.choose(before, rates, e, estimate.losing(), nowNanos);
        if (target != before) {
            LOG.info("down track {}: layer {} → {} (estimate {} bit/s, layers {} bit/s)", Integer.toUnsignedString(ssrc),
                    layers[before].rid(), layers[target].rid(), e, Arrays.toString(rates));
        }
    }

    /** Our sender report the receiver's LSR echoes: the last or, when an RR crossed the next SR, the one before. */
    private SentReport sentReport(long lsr) {
        SentReport last = lastSent;
        if (last != null && last.lsr() == lsr) {
            return last;
        }
        SentReport previous = previousSent;
        return previous != null && previous.lsr() == lsr ? previous : null;
    }

    void sampleRate(long nowNanos) {
        rate.sample(octets, nowNanos);
    }

    public long packets() {
        return packets;
    }

    /** What the receiver can take now, in bit/s: the rate its reports allow (for pacing and resend budgets). */
    public long estimatedBitrate() {
        return estimate.bitsPerSecond(System.nanoTime());
    }

    /** The layer being forwarded (an up track), or null before the first packet. */
    public UpTrack forwardedLayer() {
        int i = forwarded;
        return i < 0 ? null : layers[i];
    }

    /** Switches between simulcast layers so far. */
    public long layerSwitches() {
        return layerSwitches;
    }

    /**
     * What this receiver asks of {@code layer} for the publisher's REMB when it gets that
     * layer: ¾ of its estimate (Galène asks for all of it; the same link carries the audio,
     * and the publisher's encoder overshoots, which kept a policed receiver losing), else
     * nothing (a layer nobody gets falls to the floor, and a receiver held below it may
     * then take it).
     */
    long bitrateFor(UpTrack layer, long nowNanos) {
        int current = forwarded;
        return current >= 0 && layers[current] == layer ? estimate.bitsPerSecond(nowNanos) * 3 / 4 : 0;
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
        return rttNanos;
    }

    /** Sequence numbers the receiver asked for again (generic NACK). */
    public long nacks() {
        return nacks;
    }

    /** Of those, the ones resent from the source's cache. */
    public long resent() {
        return resent;
    }

    /** PLIs and FIRs from the receiver. */
    public long keyframeRequests() {
        return keyframeRequests;
    }
}
