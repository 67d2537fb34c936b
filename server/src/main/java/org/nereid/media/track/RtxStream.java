package org.nereid.media.track;

import java.util.concurrent.ThreadLocalRandom;

import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.rtp.Rtx;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * A down track's RTX stream (RFC 4588): its own SSRC, offered with the media one
 * ({@code a=ssrc-group:FID}), its own sequence numbers and SRTP context. Used for resends
 * once the receiver's answer kept {@code rtx}; otherwise resends go on the media SSRC.
 */
final class RtxStream {
    private final int ssrc;
    /** The payload type the receiver's answer gave rtx for our codec; -1: refused. */
    private volatile int payloadType = -1;
    private volatile SrtpCryptoContext context;
    // the receiver's connection only (its NACKs)
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long repairs;

    RtxStream(int ssrc) {
        this.ssrc = ssrc;
    }

    int ssrc() {
        return ssrc;
    }

    void setPayloadType(int pt) {
        payloadType = pt;
    }

    boolean inUse() {
        return payloadType >= 0;
    }

    void start(SrtpSession srtp) {
        context = srtp.sendContext(ssrc);
    }

    /**
     * Sends the media packet in {@code out} ({@code len} bytes, as first sent) as an RTX packet,
     * or returns false when the receiver refused RTX (resend it on the media SSRC then).
     * {@code firstResend}: counted in {@link #repairs} (the receiver's connection).
     */
    boolean resend(PacketBuffer out, int len, boolean firstResend, PeerSink transport) {
        int pt = payloadType;
        SrtpCryptoContext ctx = context;
        int n = pt < 0 || ctx == null ? -1 : Rtx.encapsulate(out.getBuffer(), 0, len, pt, ssrc, sequence);
        if (n < 0) {
            return false;
        }
        sequence = (sequence + 1) & 0xFFFF;
        if (firstResend) {
            repairs++;
        }
        out.setOffset(0);
        out.setLength(n);
        transport.sendRtp(ctx, out);
        return true;
    }

    /**
     * Lost packets resent on this stream, each counted once (the receiver's connection): the
     * receiver reports them lost on the media stream, though most were repaired.
     */
    long repairs() {
        return repairs;
    }
}
