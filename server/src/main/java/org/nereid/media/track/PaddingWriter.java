package org.nereid.media.track;

import java.util.Arrays;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.nack.TailPadding;
import org.nereid.media.rate.RateControl;
import org.nereid.media.rate.RateProbe;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;

/**
 * Writes one down track's padding-only packets, the only writer of them: after a frame's last
 * packet, the padding a rate probe under way asks for, or without a probe one tiny padding packet
 * while the receiver is losing packets ({@link TailPadding}, which {@link Resender} tells of the
 * receiver's NACKs); and, for {@link Resender}, the tiny packet that answers a NACK of a lost
 * padding packet. Padding takes the frame's timestamp and sequence numbers of its own (the
 * {@link StreamRewriter} shifts the stream's on past them). Nothing is allocated.
 */
final class PaddingWriter {
    private final int ssrc;
    private final boolean video;
    private final StreamRewriter rewriter;
    private final RateControl rateControl;
    private final PeerSink transport;
    private final TailPadding tails = new TailPadding();

    /** Padding of SSRC {@code ssrc} in {@code rewriter}'s stream, as {@code rateControl}'s probes want it. */
    PaddingWriter(int ssrc, boolean video, StreamRewriter rewriter, RateControl rateControl, PeerSink transport) {
        this.ssrc = ssrc;
        this.video = video;
        this.rewriter = rewriter;
        this.rateControl = rateControl;
        this.transport = transport;
    }

    /**
     * After a frame's last packet (the forwarding thread; {@code out} is free to write in): the
     * padding a probe under way asks for, which the receiver's reports then count like the rest
     * (not on RTX: docs/media.md, Probing). Without a probe, one tiny padding packet while the
     * receiver is losing packets, after a video frame of {@code frameLength} packets: either kind
     * shows the receiver a lost last packet at once. Returns how many were sent (the last is left in
     * {@code out}).
     */
    int afterFrame(SrtpCryptoContext ctx, PacketBuffer out, int payloadType, long nowNanos, int frameLength) {
        int n = rateControl.padding(nowNanos);
        int bytes = RateProbe.PADDING_BYTES;
        if (n > 0) {
            tails.probed(nowNanos);
        } else if (video && frameLength >= TailPadding.MIN_FRAME_PACKETS && tails.atFrameEnd(nowNanos)) {
            n = 1;
            bytes = TailPadding.PADDING_BYTES;
        }
        if (n == 0) {
            return 0;
        }
        int seq = rewriter.pad(n);
        for (int i = 0; i < n; i++) {
            out.setOffset(0);
            out.setLength(write(out.getBuffer(), (seq + i) & 0xFFFF, bytes, payloadType));
            transport.sendRtp(ctx, out);
        }
        return n;
    }

    /** Writes a padding-only packet of {@code bytes} padding into {@code p}, with the newest timestamp; returns its length. */
    int write(byte[] p, int seq, int bytes, int payloadType) {
        int len = Rtp.FIXED_HEADER + bytes;
        Arrays.fill(p, 0, len, (byte) 0);
        p[0] = (byte) 0xA0; // version 2, padding
        Rtp.setPayloadType(p, 0, payloadType);
        Rtp.setSequence(p, 0, seq);
        Bytes.put32(p, 4, (int) rewriter.lastTimestamp());
        Rtp.setSsrc(p, 0, ssrc);
        p[len - 1] = (byte) bytes;
        return len;
    }

    /** When a frame's tail gets padding, and how many did. */
    TailPadding tails() {
        return tails;
    }
}
