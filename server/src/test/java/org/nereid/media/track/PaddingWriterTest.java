package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.Test;
import org.nereid.media.layer.LayerFilter;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.nack.TailPadding;
import org.nereid.media.rate.RateControl;
import org.nereid.media.rate.RateProbe;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/**
 * The padding packets of one down track, on a real {@link StreamRewriter} and {@link RateControl}:
 * how they are written, when a frame's tail gets one, and a probe's padding.
 */
class PaddingWriterTest {
    private static final long MS = 1_000_000L;
    private static final int PT = 120;

    /** What the receiver's connection is handed, in the clear. */
    private final List<byte[]> sent = new ArrayList<>();
    private final PeerSink sink = new RtpOnlySink() {
        @Override
        public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
            sent.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        }
    };
    private final SrtpCryptoContext ctx = new SrtpSession(
            SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, TrackFixture.material(), true)).sendContext(0x5151);
    private final StreamRewriter rewriter = new StreamRewriter(true, 90_000);
    /** Two layers: l at ~100 kbit/s, h at ~1 Mbit/s. */
    private final RateControl rateControl = new RateControl("test", true, 2, new RateControl.Layers() {
        @Override
        public long bitrate(int layer) {
            return layer == 0 ? 100_000 : 1_000_000;
        }

        @Override
        public long recentPeakBitrate(int layer) {
            return bitrate(layer);
        }

        @Override
        public void requestKeyframe(int layer) {
        }

        @Override
        public String rid(int layer) {
            return layer == 0 ? "l" : "h";
        }
    }, new LayerFilter("vp8", rewriter));
    private final PaddingWriter padding = new PaddingWriter(0x5151, true, rewriter, rateControl, sink);
    private final PacketBuffer out = new PacketBuffer();

    /** The forwarding thread sends packet {@code seq} of the layer, rewritten; returns it as sent. */
    private byte[] forward(int seq, long ts) {
        byte[] p = TrackFixture.vp8(seq, seq == 1000);
        Bytes.put32(p, 4, (int) ts);
        if (seq == 1000) {
            rewriter.switchTo(0, p, 0, p.length, System.nanoTime());
        }
        rewriter.rewrite(p, 0, p.length, System.nanoTime());
        sent.add(p);
        return p;
    }

    @Test
    void writesAPaddingOnlyPacketWithTheStreamsNewestTimestamp() {
        forward(1000, 777_000);
        byte[] p = new byte[64];
        Arrays.fill(p, (byte) 0x55);
        int len = padding.write(p, 4242, 7, PT);
        assertEquals(Rtp.FIXED_HEADER + 7, len);
        assertEquals(0xA0, p[0] & 0xFF, "version 2, the padding bit, no extension nor CSRC");
        assertEquals(PT, Rtp.payloadType(p, 0));
        assertEquals(4242, Rtp.sequence(p, 0));
        assertEquals(777_000, Rtp.timestamp(p, 0));
        assertEquals(0x5151, Rtp.ssrc(p, 0));
        for (int i = Rtp.FIXED_HEADER; i < len - 1; i++) {
            assertEquals(0, p[i], "zeros, whatever the buffer held");
        }
        assertEquals(7, p[len - 1], "the padding count");
        assertEquals(0x55, p[len], "nothing written past the packet");
    }

    @Test
    void aLosingReceiversFrameOfSeveralPacketsIsFollowedByOneTinyPaddingPacket() {
        long now = System.nanoTime();
        for (int seq = 1000; seq < 1003; seq++) {
            forward(seq, 3000);
        }
        padding.afterFrame(ctx, out, PT, now, 3);
        assertEquals(3, sent.size(), "a clean receiver: nothing");

        padding.tails().nacked(now);
        padding.afterFrame(ctx, out, PT, now, 2);
        assertEquals(3, sent.size(), "a frame of two packets: padding would add half");
        padding.afterFrame(ctx, out, PT, now, TailPadding.MIN_FRAME_PACKETS);
        assertEquals(4, sent.size());
        byte[] pad = sent.get(3);
        assertEquals(Rtp.FIXED_HEADER + TailPadding.PADDING_BYTES, pad.length);
        assertEquals(1003, Rtp.sequence(pad, 0), "the next sequence number: a lost last packet shows as a gap");
        assertEquals(3000, Rtp.timestamp(pad, 0), "the frame's timestamp");
        assertEquals(1, padding.tails().packets());
        assertTrue(rewriter.isPadding(1003), "a NACK of it is answered with padding");
        assertEquals(1004, Rtp.sequence(forward(1003, 6000), 0), "the stream goes on past it");
    }

    @Test
    void audioIsNeverTailPadded() {
        PaddingWriter audio = new PaddingWriter(0x5151, false, rewriter, rateControl, sink);
        long now = System.nanoTime();
        for (int seq = 1000; seq < 1003; seq++) {
            forward(seq, 3000);
        }
        audio.tails().nacked(now);
        audio.afterFrame(ctx, out, PT, now, 3);
        assertEquals(3, sent.size());
    }

    @Test
    void aProbeUnderWayPadsTheFrameWithNumbersOfItsOwn() {
        long t = System.nanoTime();
        forward(1000, 3000);
        // a report, then a lossy one a second later: down to l; three seconds on, a clean interval
        rateControl.report(new ReportBlock(0x5151, 0, 0, 1000, 0, 0, 0), 0, 0, 1_000_000, 0, t);
        rateControl.report(new ReportBlock(0x5151, 153, 600, 2000, 0, 0, 0), 125_000, 0, 1_000_000, 0, t + 1000 * MS);
        rateControl.report(new ReportBlock(0x5151, 0, 600, 2100, 0, 0, 0), 140_000, 0, 100_000, 0, t + 4000 * MS);
        assertTrue(rateControl.probe().probing(), "a probe towards h");
        padding.tails().nacked(t + 4000 * MS);
        long now = t + 4100 * MS;
        padding.afterFrame(ctx, out, PT, now, 3);
        int padded = sent.size() - 1;
        assertTrue(padded >= 1, "the probe's padding");
        assertEquals(padded, rateControl.probe().paddingPackets());
        for (int i = 0; i < padded; i++) {
            byte[] pad = sent.get(1 + i);
            assertEquals(Rtp.FIXED_HEADER + RateProbe.PADDING_BYTES, pad.length);
            assertEquals(1001 + i, Rtp.sequence(pad, 0), "numbers of their own, in a row");
            assertEquals(3000, Rtp.timestamp(pad, 0));
        }
        assertEquals(0, padding.tails().packets(), "no tail padding on top: the probe's shows a lost tail already");
    }
}
