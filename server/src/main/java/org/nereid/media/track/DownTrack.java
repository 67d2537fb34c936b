package org.nereid.media.track;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.nack.ResendLimiter;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * One up track as one receiver gets it: the receiver's SSRC and payload type
 * written over the publisher's, protected with the receiver's keys. Sequence
 * numbers and timestamps pass unchanged (Nereid drops no layers), so NACKed
 * sequence numbers map straight back to the up track's cache; a
 * {@link ResendLimiter} bounds what NACKs may cost the receiver's link. Sender
 * reports are regenerated every 500 ms from the publisher's clock
 * ({@link SenderClock}); we remember when we sent each, so the receiver's
 * reports (LSR, DLSR) give the round trip.
 */
public final class DownTrack {
    /** A sender report we sent: the middle bits of its NTP time, as the receiver's LSR echoes them. */
    private record SentReport(long lsr, long sentNanos) {
    }


    /** A new receiver gets the cached keyframe replayed when it is at most this many packets old (Galène's 40). */
    static final int REPLAY_PACKETS = 40;

    private final UpTrack source;
    private final int ssrc;
    private final PeerSink transport;
    private volatile int payloadType;
    private volatile SrtpCryptoContext context;
    private volatile SrtcpCryptoContext controlContext;
    // written by the source's worker (and once by a keyframe replay at start)
    private volatile boolean hasKeyframe;
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
    private volatile long notCached;
    private volatile long keyframeRequests;
    private volatile long keyframeReplays;
    private final ResendLimiter resends = new ResendLimiter();

    public DownTrack(UpTrack source, int ssrc, PeerSink transport) {
        this.source = source;
        this.ssrc = ssrc;
        this.transport = transport;
        this.payloadType = source.codec().payloadType();
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
        source.subscribe(this);
        sendSenderReport(SenderClock.ntpNow(), System.nanoTime());
        if (!replayKeyframe()) {
            source.requestKeyframe();
        }
    }

    /**
     * Sends the receiver the cached packets from the source's last keyframe to its newest, when
     * that keyframe is recent: a picture at once instead of after a PLI round trip. Duplicates of
     * packets the worker forwards meanwhile are dropped by the receiver's SRTP replay check.
     */
    private boolean replayKeyframe() {
        PacketCache cache = source.cache();
        int key = cache.lastKeyframe();
        int newest = cache.newest();
        if (!source.isVideo() || key < 0 || ((newest - key) & 0xFFFF) > REPLAY_PACKETS) {
            return false;
        }
        for (int seq = key; ; seq = (seq + 1) & 0xFFFF) {
            if (!sendCached(seq) && seq == key) {
                return false;
            }
            if (seq == newest) {
                break;
            }
        }
        hasKeyframe = true;
        keyframeReplays++;
        return true;
    }

    public void stop() {
        source.unsubscribe(this);
        context = null;
    }

    /**
     * Sends a copy of a packet of the source (source's worker thread); {@code decodable} says
     * the packet starts a keyframe, or that the codec's keyframes can't be told. Returns
     * whether this receiver is still waiting for its first keyframe.
     */
    boolean forward(byte[] b, int off, int len, boolean decodable) {
        SrtpCryptoContext ctx = context;
        if (ctx == null || transport.isClosed()) {
            return false;
        }
        if (decodable && !hasKeyframe) {
            hasKeyframe = true;
        }
        PacketBuffer out = PacketBuffer.scratch().copyFrom(b, off, len);
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        packets++;
        octets += len - Rtp.headerLength(b, off, len);
        transport.sendRtp(ctx, out);
        return !hasKeyframe;
    }

    /**
     * Sends our sender report (every 500 ms, and at once after the publisher's first): NTP time
     * {@code nowNtp}, the RTP time the publisher's clock gives it, our own counts. Nothing before
     * the publisher's first report, whose clock we need.
     */
    public void sendSenderReport(long nowNtp, long nowNanos) {
        SrtcpCryptoContext ctx = controlContext;
        SenderClock clock = source.senderClock();
        if (ctx == null || clock == null || transport.isClosed()) {
            return;
        }
        long rtpTime = clock.rtpTimeAt(nowNtp, nowNanos, source.codec().clockRate());
        PacketBuffer out = PacketBuffer.scratch();
        int n = Rtcp.writeSenderReport(out.getBuffer(), 0, ssrc, nowNtp, rtpTime, packets, octets);
        previousSent = lastSent;
        lastSent = new SentReport(Rtcp.middleNtp(nowNtp), nowNanos);
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtcp(ctx, out);
    }

    /** A generic NACK from the receiver about this track (the receiver's connection): answer each packet it asks for. */
    public void nacked(byte[] b, int at, int n) {
        long now = System.nanoTime();
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
     * The receiver lost packet {@code seq}: resend it from the source's cache if it is still
     * there and the {@link ResendLimiter} allows (the receiver's connection).
     */
    boolean resend(int seq, long nowNanos) {
        nacks++;
        SrtpCryptoContext ctx = context;
        if (ctx == null) {
            return false;
        }
        PacketBuffer out = PacketBuffer.scratch();
        int len = source.cache().get(upstreamSequence(seq), out.getBuffer(), 0);
        if (len < 0) {
            notCached++;
            return false;
        }
        if (!resends.allow(seq, len, rttNanos, nowNanos)) {
            return false;
        }
        resent++;
        send(ctx, out, len);
        return true;
    }

    /** Sends the cached packet {@code upSeq} of the source as ours; false when it is not cached. */
    private boolean sendCached(int upSeq) {
        SrtpCryptoContext ctx = context;
        PacketBuffer out = PacketBuffer.scratch();
        int len = ctx == null ? -1 : source.cache().get(upSeq, out.getBuffer(), 0);
        if (len < 0) {
            return false;
        }
        send(ctx, out, len);
        return true;
    }

    private void send(SrtpCryptoContext ctx, PacketBuffer out, int len) {
        out.setOffset(0);
        out.setLength(len);
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        transport.sendRtp(ctx, out);
    }

    /**
     * The source's sequence number of the packet the receiver knows as {@code seq}: the same
     * while forwarding rewrites no sequence numbers (a packet map that drops layers maps back here).
     */
    private static int upstreamSequence(int seq) {
        return seq;
    }

    /**
     * The receiver's rate budget from an estimate (REMB, loss), bit/s, 0 when unknown: resends
     * stay within what it leaves beyond the forwarded rate (see {@link ResendLimiter}).
     */
    public void setRateBudget(long bitsPerSecond) {
        resends.setBudget(bitsPerSecond);
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
        resends.setForwardedRate(rate.bitsPerSecond());
    }

    public long packets() {
        return packets;
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

    /** NACKed packets no longer (or never) in the source's cache. */
    public long notCached() {
        return notCached;
    }

    /** NACKed packets the {@link ResendLimiter} did not resend: asked too often, too soon, or over budget. */
    public long resendsRefused() {
        return resends.refusedRepeat() + resends.refusedBudget();
    }

    /** Times a cached keyframe was replayed to this receiver instead of asking the publisher. */
    public long keyframeReplays() {
        return keyframeReplays;
    }

    /** PLIs and FIRs from the receiver. */
    public long keyframeRequests() {
        return keyframeRequests;
    }
}
