package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.layer.LayeredPackets;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/**
 * A publisher without simulcast sending VP8 with three temporal layers (0 2 1 2) to a receiver
 * whose reports show heavy loss: there is no lower layer to go to, so the down track forwards
 * only the temporal layers the estimate carries, and what the receiver decrypts is one stream
 * without gaps; the stream's statistics show it.
 */
class TemporalLayerTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    private static final int[] PATTERN = {0, 2, 1, 2};
    private static final long SECOND = 1_000_000_000L;
    private static final Codec VP8 = Codecs.allowed(List.of("vp8")).get(0);

    private final RecordingSink publisher = new RecordingSink();
    private final RecordingSink receiver = new RecordingSink();
    private final UpTrack up = new UpTrack("1", "", VP8, 96, VP8.feedback(), publisher);
    private final DownTrack down = new DownTrack(up, 0x5151, receiver);
    private final SrtpSession receiverSide =
            new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, TrackFixture.material(), false));
    private int seq = 65_000;
    private int frame;
    private int keyframe;
    private final List<byte[]> plain = new ArrayList<>();

    TemporalLayerTest() {
        up.latch(0x1234, null);
        down.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, TrackFixture.material(), true)));
    }

    /** A second of video: 30 frames of two packets. */
    private void second() {
        frames(30);
    }

    private void frames(int count) {
        for (int end = frame + count; frame < end; frame++) {
            int tid = PATTERN[frame % 4];
            long ts = 3000L * frame;
            int pid = (32_000 + frame) & 0x7FFF;
            for (int part = 0; part < 2; part++) {
                boolean key = frame == keyframe && part == 0;
                byte[] p = LayeredPackets.vp8(seq++, ts, pid, frame / 4, tid, false, part == 0, key, part == 1);
                up.receive(p, 0, p.length);
            }
        }
    }

    /** Everything the receiver got so far, decrypted (each packet once, as SRTP's replay check wants). */
    private List<byte[]> decrypted() {
        for (byte[] sent : receiver.rtp.subList(plain.size(), receiver.rtp.size())) {
            PacketBuffer p = new PacketBuffer().copyFrom(sent, 0, sent.length);
            assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(0x5151), p));
            plain.add(Arrays.copyOf(p.getBuffer(), p.getLength()));
        }
        return plain;
    }

    @Test
    void aReceiverThatCannotTakeTheWholeStreamGetsTheTemporalLayersItsEstimateCarriesWithoutAGap() {
        long t = System.nanoTime();
        up.sampleRates(t);
        down.receiverReport(new ReportBlock(0x5151, 0, 0, 65_000, 0, 0, 0), t);
        second();
        up.sampleRates(t + SECOND);
        assertEquals(60, receiver.rtp.size(), "all layers while nothing is known");
        // 60 % lost: the estimate falls to ~0.7 of the stream, which carries TL0 and TL1 (half of
        // it: the frames are the same size here), not TL2
        down.receiverReport(new ReportBlock(0x5151, 153, 36, 65_060, 0, 0, 0), t + SECOND);
        int before = receiver.rtp.size();
        second();
        assertEquals(1, down.sublayers().temporal(),
                "TL0 and TL1: estimate " + down.estimatedBitrate() + " bit/s, stream " + up.bitrate());
        int forwarded = receiver.rtp.size() - before;
        assertTrue(forwarded >= 30 && forwarded <= 32, "the TL0 and TL1 frames of the second: " + forwarded);
        List<byte[]> got = decrypted();
        for (int i = 1; i < got.size(); i++) {
            assertEquals(Rtp.sequence(got.get(i - 1), 0) + 1 & 0xFFFF, Rtp.sequence(got.get(i), 0),
                    "no gap at packet " + i);
        }
        for (byte[] p : got.subList(before + 2, got.size())) {
            assertTrue(((p[17] >> 6) & 3) <= 1, "no TL2");
        }
        assertEquals(60 - forwarded, down.sublayers().dropped());
        assertEquals(2, down.sublayers().maxTemporal());

        // a keyframe, then frames of TL2, TL1, TL2; the receiver asks for a picture: the cached
        // keyframe is replayed within its limits (keyframe and TL1, not the two TL2 frames)
        frame += 4 - frame % 4;
        keyframe = frame;
        frames(4);
        int beforeReplay = receiver.rtp.size();
        down.keyframeRequested();
        frames(1);
        assertEquals(1, down.keyframeReplays());
        assertEquals(beforeReplay + 4 + 2, receiver.rtp.size(), "4 replayed, then the next frame's 2");
        List<byte[]> all = decrypted();
        for (int i = 1; i < all.size(); i++) {
            assertEquals(Rtp.sequence(all.get(i - 1), 0) + 1 & 0xFFFF, Rtp.sequence(all.get(i), 0),
                    "no gap at packet " + i);
        }
        for (byte[] p : all.subList(beforeReplay, all.size())) {
            assertTrue(((p[17] >> 6) & 3) <= 1, "no TL2 in the replay");
        }
    }
}
