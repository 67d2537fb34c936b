package org.nereid.media.track;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * One up track as one receiver gets it: the receiver's SSRC and payload type
 * written over the publisher's, protected with the receiver's keys. Sequence
 * numbers and timestamps pass unchanged (Nereid drops no layers), so NACKed
 * sequence numbers map straight back to the up track's cache. The sender
 * reports keep the publisher's NTP time; we remember when we sent each, so
 * the receiver's reports (LSR, DLSR) give the round trip.
 */
public final class DownTrack {
    /** A sender report we sent: the middle bits of its NTP time, as the receiver's LSR echoes them. */
    private record SentReport(long lsr, long sentNanos) {
    }


    private final UpTrack source;
    private final int ssrc;
    private final PeerSink transport;
    private volatile int payloadType;
    private volatile SrtpCryptoContext context;
    private volatile SrtcpCryptoContext controlContext;
    // written only by the source's worker
    private boolean hasKeyframe;
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
        if (source.lastSenderReportNtp() != 0) {
            senderReport(source.lastSenderReportNtp(), source.lastSenderReportRtp());
        }
        source.requestKeyframe();
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
        hasKeyframe |= decodable;
        PacketBuffer out = PacketBuffer.scratch().copyFrom(b, off, len);
        Rtp.setSsrc(out.getBuffer(), 0, ssrc);
        Rtp.setPayloadType(out.getBuffer(), 0, payloadType);
        packets++;
        octets += len - Rtp.headerLength(b, off, len);
        transport.sendRtp(ctx, out);
        return !hasKeyframe;
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
        PacketBuffer out = PacketBuffer.scratch();
        int len = source.cache().get(seq, out.getBuffer(), 0);
        if (len < 0) {
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

    /** PLIs and FIRs from the receiver. */
    public long keyframeRequests() {
        return keyframeRequests;
    }
}
