package org.nereid.media.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.layer.LayeredPackets.vp8;
import static org.nereid.media.layer.LayeredPackets.vp9;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Rtp;

/**
 * Temporal and spatial layers dropped for one receiver, on constructed VP8 (L1T3, Chrome's
 * pattern 0 2 1 2) and VP9 (3 spatial × 3 temporal, both descriptor modes) packet traces
 * that wrap their sequence numbers, timestamps and picture ids: what the receiver gets is
 * checked packet by packet, as it would see it.
 */
class LayerFilterTest {
    private static final int[] PATTERN = {0, 2, 1, 2};
    private static final long NOW = 1_000_000_000L;

    private final StreamRewriter vp8Rewriter = new StreamRewriter(true, 90_000);
    private final LayerFilter vp8Filter = new LayerFilter("vp8", vp8Rewriter);
    private final StreamRewriter vp9Rewriter = new StreamRewriter(false, 90_000);
    private final LayerFilter vp9Filter = new LayerFilter("vp9", vp9Rewriter);
    /** What the receiver got, rewritten, in order. */
    private final List<byte[]> sent = new ArrayList<>();
    /** For each packet sent, the source packet it came from. */
    private final List<byte[]> sources = new ArrayList<>();

    /** The packet as the down track would handle it: filtered, then rewritten and sent. */
    private void deliver(LayerFilter filter, StreamRewriter rewriter, byte[] packet, boolean keyframe) {
        if (rewriter.layer() < 0) {
            rewriter.switchTo(0, packet, 0, packet.length, NOW);
        }
        int verdict = filter.admit(packet, 0, packet.length, keyframe);
        if (verdict == LayerFilter.DROPPED) {
            return;
        }
        byte[] out = packet.clone();
        rewriter.rewrite(out, 0, out.length, NOW);
        if (verdict == LayerFilter.FORWARD_MARKED) {
            rewriter.mark(out, 0);
        }
        sent.add(out);
        sources.add(packet);
    }

    private static int vp8Pid(byte[] p) {
        return ((p[14] & 0x7F) << 8) | (p[15] & 0xFF);
    }

    private static int vp8Tid(byte[] p) {
        return (p[17] >> 6) & 3;
    }

    /** Frames of Chrome's L1T3 VP8, two packets each, from {@code frame0}; Y on the frames {@code syncs} names. */
    private int sendVp8(int frame0, int frames, int seq0, int pid0, List<Integer> syncs) {
        int seq = seq0;
        for (int f = frame0; f < frame0 + frames; f++) {
            int tid = PATTERN[f % 4];
            int pid = (pid0 + f) & 0x7FFF;
            long ts = (4_294_900_000L + 3000L * f) & 0xFFFFFFFFL;
            boolean key = f == 0;
            boolean sync = syncs.contains(f);
            deliver(vp8Filter, vp8Rewriter, vp8(seq++, ts, pid, f / 4, tid, sync, true, key, false), key);
            deliver(vp8Filter, vp8Rewriter, vp8(seq++, ts, pid, f / 4, tid, sync, false, false, true), false);
        }
        return seq;
    }

    private void assertContinuous() {
        for (int i = 1; i < sent.size(); i++) {
            assertEquals(Rtp.sequence(sent.get(i - 1), 0) + 1 & 0xFFFF, Rtp.sequence(sent.get(i), 0),
                    "no gap in the receiver's sequence numbers at packet " + i);
        }
    }

    @Test
    void vp8DroppingTemporalLayersLeavesNoGapInSequenceNumbersOrPictureIds() {
        vp8Filter.want(0, 0);
        // sequence numbers wrap at 65536 and picture ids at 32768 inside the trace
        sendVp8(0, 40, 65_500, 32_750, List.of());
        assertEquals(2 * 10, sent.size(), "only the 10 TL0 frames of 40");
        assertEquals(60, vp8Filter.dropped());
        assertContinuous();
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(0, vp8Tid(sent.get(i)));
            if (i % 2 == 1) {
                assertEquals(vp8Pid(sent.get(i - 1)), vp8Pid(sent.get(i)), "one picture id per frame");
            } else if (i > 0) {
                assertEquals(vp8Pid(sent.get(i - 1)) + 1 & 0x7FFF, vp8Pid(sent.get(i)), "the next picture id");
            }
            assertEquals(i / 2, sent.get(i)[16] & 0xFF, "TL0PICIDX passes unchanged");
            assertEquals(Rtp.timestamp(sources.get(i), 0), Rtp.timestamp(sent.get(i), 0), "timestamps unchanged");
        }
        assertEquals(0, vp8Filter.temporal());
        assertEquals(2, vp8Filter.maxTemporal());
    }

    /**
     * A packet lost on the way and recovered from the publisher after frames were dropped gets the
     * number and picture id it would have had in order: before, it took the numbering from before
     * the drops, so it came as another packet's number (a duplicate the receiver threw away) with
     * the previous frame's picture id, and the receiver's NACK for the gap it left was answered
     * with a dropped frame's packet.
     */
    @Test
    void vp8APacketRecoveredAfterDroppedFramesTakesItsPlaceInTheReceiversStream() {
        vp8Filter.want(0, 1);
        // frames 0-4 (TL 0 2 1 2 0), two packets each from 100; frame 2's first packet (104) is lost on the way
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            long ts = 3000L * f;
            frames.add(vp8(100 + 2 * f, ts, 10 + f, f / 4, PATTERN[f % 4], false, true, f == 0, false));
            frames.add(vp8(101 + 2 * f, ts, 10 + f, f / 4, PATTERN[f % 4], false, false, false, true));
        }
        for (byte[] p : frames) {
            if (Rtp.sequence(p, 0) != 104) {
                deliver(vp8Filter, vp8Rewriter, p, Rtp.sequence(p, 0) == 100);
            }
        }
        // what the receiver got: frame 0 (100, 101), frame 2's second packet, frame 4
        assertEquals(5, sent.size());
        assertEquals(103, Rtp.sequence(sent.get(2), 0), "frames 1 and 3 dropped; 102 is left for 104");
        assertEquals(104, Rtp.sequence(sent.get(3), 0));
        int frame2 = vp8Pid(sent.get(2));
        assertEquals(11, frame2, "frame 2 takes frame 1's picture id");

        // the receiver asks for the number before frame 2's second packet: that is 104, not yet here
        assertEquals(0, vp8Rewriter.sourceLayer(102));
        assertEquals(104, vp8Rewriter.sourceSequence(102), "the gap maps to the lost packet, not to a dropped one");

        deliver(vp8Filter, vp8Rewriter, frames.get(4), false);
        byte[] late = sent.get(5);
        assertEquals(102, Rtp.sequence(late, 0), "the recovered packet fills the gap");
        assertEquals(frame2, vp8Pid(late), "with its frame's picture id");
        assertEquals(Rtp.timestamp(sent.get(2), 0), Rtp.timestamp(late, 0));
    }

    @Test
    void vp8GoesUpOnlyAtALayerSyncFrameOrAKeyframe() {
        vp8Filter.want(0, 0);
        int seq = sendVp8(0, 8, 100, 10, List.of());
        assertEquals(4, sent.size());
        vp8Filter.want(0, 2);
        // frames 8–11: 0 2 1 2 without Y: a TL1/TL2 frame may refer to one the receiver never got
        seq = sendVp8(8, 4, seq, 10, List.of());
        assertEquals(6, sent.size(), "still TL0 only without a sync point");
        // frame 13 is a TL2 frame with Y: from there TL2 and below
        seq = sendVp8(12, 4, seq, 10, List.of(13));
        assertEquals(2, vp8Filter.temporal());
        int[] tids = sent.subList(6, sent.size()).stream().mapToInt(LayerFilterTest::vp8Tid).toArray();
        assertArrayEquals(new int[] {0, 0, 2, 2, 1, 1, 2, 2}, tids, "TL2 from the sync frame on; TL1 after it");
        assertContinuous();
        // down again at once, at the next frame
        vp8Filter.want(0, 1);
        sendVp8(16, 4, seq, 10, List.of());
        tids = sent.subList(14, sent.size()).stream().mapToInt(LayerFilterTest::vp8Tid).toArray();
        assertArrayEquals(new int[] {0, 0, 1, 1}, tids);
        assertContinuous();
        for (int i = 1; i < sent.size(); i++) {
            int step = vp8Pid(sent.get(i)) - vp8Pid(sent.get(i - 1)) & 0x7FFF;
            assertTrue(step == 0 || step == 1, "picture ids continuous at packet " + i);
        }
    }

    @Test
    void vp8AKeyframeTakesTheReceiverStraightToTheLayerWanted() {
        vp8Filter.want(0, 0);
        int seq = sendVp8(0, 4, 7, 1, List.of());
        vp8Filter.want(0, 2);
        deliver(vp8Filter, vp8Rewriter, vp8(seq, 90_000, 5, 1, 0, false, true, true, true), true);
        assertEquals(2, vp8Filter.temporal());
        deliver(vp8Filter, vp8Rewriter, vp8(seq + 1, 93_000, 6, 1, 2, false, true, false, true), false);
        assertEquals(2, vp8Tid(sent.get(sent.size() - 1)), "TL2 right after the keyframe");
        assertContinuous();
    }

    @Test
    void aNackForAPacketAfterDropsMapsBackToTheSourceAndIsRewrittenTheSameWay() {
        vp8Filter.want(0, 0);
        sendVp8(0, 12, 65_530, 32_765, List.of());
        for (int i = 0; i < sent.size(); i++) {
            int out = Rtp.sequence(sent.get(i), 0);
            assertEquals(0, vp8Rewriter.sourceLayer(out));
            assertEquals(Rtp.sequence(sources.get(i), 0), vp8Rewriter.sourceSequence(out), "packet " + i);
            byte[] again = sources.get(i).clone();
            assertTrue(vp8Rewriter.rewriteAgain(again, 0, again.length, out));
            assertArrayEquals(sent.get(i), again, "resent as first sent, packet " + i);
        }
    }

    @Test
    void aDroppedLayersPacketThatArrivesLateIsSentInTheGapItLeft() {
        vp8Filter.want(0, 0);
        deliver(vp8Filter, vp8Rewriter, vp8(10, 0, 1, 0, 0, false, true, true, true), true);
        // 11 (a TL2 frame) is lost on the way; 12 (TL0) comes first
        deliver(vp8Filter, vp8Rewriter, vp8(12, 6000, 3, 1, 0, false, true, false, true), false);
        assertEquals(12, Rtp.sequence(sent.get(1), 0), "a gap the receiver will NACK");
        deliver(vp8Filter, vp8Rewriter, vp8(11, 3000, 2, 0, 2, false, true, false, true), false);
        assertEquals(3, sent.size(), "sent after all: its number is the receiver's already");
        assertEquals(11, Rtp.sequence(sent.get(2), 0));
        deliver(vp8Filter, vp8Rewriter, vp8(13, 9000, 4, 1, 2, false, true, false, true), false);
        deliver(vp8Filter, vp8Rewriter, vp8(14, 12_000, 5, 2, 0, false, true, false, true), false);
        assertEquals(13, Rtp.sequence(sent.get(3), 0), "then dropping goes on without a gap");
        assertEquals(1, vp8Filter.dropped());
    }

    /**
     * A frame start recovered late (after later frames) changes no limit: the stream is past it.
     * Taken for where the stream is, a late layer-sync frame raised the temporal limit at a point
     * that is no switching point for the frames after it.
     */
    @Test
    void vp8ALateFrameStartChangesNoLimit() {
        vp8Filter.want(0, 0);
        deliver(vp8Filter, vp8Rewriter, vp8(10, 0, 1, 0, 0, false, true, true, true), true);
        vp8Filter.want(0, 2);
        // 11 starts a TL2 frame with Y (a point to go up at), lost on the way; 12 (TL1, no Y) comes first
        deliver(vp8Filter, vp8Rewriter, vp8(12, 6000, 3, 0, 1, false, true, false, true), false);
        deliver(vp8Filter, vp8Rewriter, vp8(11, 3000, 2, 0, 2, true, true, false, true), false);
        assertEquals(0, vp8Filter.temporal(), "no limit raised at the late frame");
        assertEquals(3, sent.size(), "sent after all: its number is the receiver's already");
        deliver(vp8Filter, vp8Rewriter, vp8(13, 9000, 4, 0, 2, false, true, false, true), false);
        assertEquals(3, sent.size(), "the next TL2 frame is dropped: no switching point since");
    }

    /**
     * One picture of 3 spatial layers, two packets each; the publisher marks the last packet of
     * S2. {@code tl0} 0: non-flexible mode, -1: flexible; in k-SVC, outside keyframes no layer
     * is referred to by the one above it.
     */
    private int vp9Picture(LayerFilter filter, StreamRewriter rewriter, int seq, int picture, int tl0, boolean key,
                           boolean up, boolean kSvc) {
        int tid = key ? 0 : PATTERN[picture % 4];
        long ts = (4_294_960_000L + 3000L * picture) & 0xFFFFFFFFL;
        int pid = (32_760 + picture) & 0x7FFF;
        int tl0PicIdx = tl0 < 0 ? -1 : (picture / 4) & 0xFF;
        for (int sid = 0; sid < 3; sid++) {
            boolean unreferenced = sid == 2 || kSvc && !key;
            for (int part = 0; part < 2; part++) {
                deliver(filter, rewriter, vp9(seq++, ts, pid, tl0PicIdx, sid, tid, up, !key, part == 0, part == 1,
                        unreferenced, sid == 2 && part == 1), key && sid == 0 && part == 0);
            }
        }
        return seq;
    }

    private int vp9Picture(int seq, int picture, boolean key, boolean up, boolean kSvc) {
        return vp9Picture(vp9Filter, vp9Rewriter, seq, picture, 0, key, up, kSvc);
    }

    /** Pictures {@code from} to {@code to} (inclusive), none of them a keyframe nor a switching-up point. */
    private int vp9Deltas(int seq, int from, int to, boolean kSvc) {
        for (int picture = from; picture <= to; picture++) {
            seq = vp9Picture(seq, picture, false, false, kSvc);
        }
        return seq;
    }

    private static int vp9Sid(byte[] p) {
        return (p[15] >> 1) & 7;
    }

    private static boolean vp9End(byte[] p) {
        return (p[12] & 0x04) != 0;
    }

    @Test
    void vp9DroppingTheTopSpatialLayerMovesTheMarkerToTheLastPacketForwarded() {
        for (int mode : new int[] {0, -1}) {
            sent.clear();
            sources.clear();
            StreamRewriter rewriter = new StreamRewriter(false, 90_000);
            LayerFilter filter = new LayerFilter("vp9", rewriter);
            int seq = vp9Picture(filter, rewriter, 65_530, 0, mode, true, true, false);
            filter.want(1, 2);
            for (int picture = 1; picture < 6; picture++) {
                seq = vp9Picture(filter, rewriter, seq, picture, mode, false, true, false);
            }
            assertEquals(6 + 5 * 4, sent.size(), "mode " + mode + ": the keyframe's 3 layers, then S0 and S1");
            assertContinuous();
            for (int i = 6; i < sent.size(); i++) {
                byte[] p = sent.get(i);
                assertTrue(vp9Sid(p) <= 1);
                assertEquals(vp9Sid(p) == 1 && vp9End(p), Rtp.marker(p, 0),
                        "mode " + mode + ": marker on S1's last packet only, at " + i);
            }
            assertEquals(1, filter.spatial());
            assertEquals(2, filter.maxSpatial());
            assertEquals(10, filter.dropped());
        }
    }

    @Test
    void vp9AResendEndsThePictureAsItsFirstCopyDid() {
        // the publisher marks S2's last packet only: a resent S1 end without our marker leaves
        // the receiver waiting for the rest of the picture (SvcBrowserIT froze 3 s so)
        int seq = vp9Picture(65_500, 0, true, false, false);
        vp9Filter.want(1, 2);
        vp9Deltas(seq, 1, 3, false);
        for (int i = 6; i < sent.size(); i++) {
            byte[] again = sources.get(i).clone();
            int outSeq = Rtp.sequence(sent.get(i), 0);
            assertTrue(vp9Rewriter.rewriteAgain(again, 0, again.length, outSeq));
            assertEquals(outSeq, Rtp.sequence(again, 0));
            assertEquals(Rtp.marker(sent.get(i), 0), Rtp.marker(again, 0), "resent as first sent, at " + i);
        }
        assertTrue(Rtp.marker(sent.get(sent.size() - 1), 0), "S1's last packet was marked");
    }

    @Test
    void vp9GoesUpASpatialLayerOnlyAtAKeyframe() {
        int seq = vp9Picture(100, 0, true, false, false);
        vp9Filter.want(0, 2);
        seq = vp9Picture(seq, 1, false, false, false);
        assertEquals(6 + 2, sent.size(), "S0 only");
        vp9Filter.want(2, 2);
        seq = vp9Picture(seq, 2, false, false, false);
        assertEquals(6 + 4, sent.size(), "no S1 or S2 without a keyframe");
        assertTrue(vp9Filter.awaitsKeyframe());
        assertTrue(Rtp.marker(sent.get(sent.size() - 1), 0), "S0 ends the picture as forwarded");
        vp9Picture(seq, 3, true, false, false);
        assertEquals(6 + 4 + 6, sent.size(), "all three layers of the keyframe");
        assertFalse(vp9Filter.awaitsKeyframe());
        assertContinuous();
        assertFalse(Rtp.marker(sent.get(sent.size() - 3), 0), "S1 of a full picture is not marked");
    }

    @Test
    void vp9DropsTemporalLayersUntilASwitchingUpPoint() {
        int seq = vp9Picture(0, 0, true, false, false);
        vp9Filter.want(2, 0);
        seq = vp9Picture(seq, 1, false, false, false);
        seq = vp9Picture(seq, 2, false, false, false);
        seq = vp9Picture(seq, 3, false, false, false);
        assertEquals(6, sent.size(), "pictures 1–3 are TL2, TL1, TL2");
        seq = vp9Picture(seq, 4, false, false, false);
        assertEquals(12, sent.size(), "picture 4 is TL0");
        vp9Filter.want(2, 2);
        seq = vp9Picture(seq, 5, false, false, false);
        assertEquals(12, sent.size(), "TL2 without U: not yet");
        vp9Picture(seq, 6, false, true, false);
        assertEquals(18, sent.size(), "TL1 with U");
        assertEquals(1, vp9Filter.temporal());
        assertContinuous();
    }

    @Test
    void vp9InKSvcLowerLayersNobodyRefersToAreNotSent() {
        int seq = vp9Picture(0, 0, true, false, true);
        vp9Filter.want(1, 2);
        vp9Picture(seq, 1, false, false, true);
        assertEquals(6 + 2, sent.size(), "S1 alone: S0 is not referred to, S2 is above");
        assertEquals(1, vp9Sid(sent.get(7)));
        assertTrue(Rtp.marker(sent.get(7), 0));
        assertContinuous();
    }

    /** A keyframe, two pictures up to S1, then S0 wanted; returns the next sequence number. */
    private int onS1ThenWantingS0(boolean kSvc) {
        int seq = vp9Picture(0, 0, true, false, kSvc);
        vp9Filter.want(1, 2);
        seq = vp9Deltas(seq, 1, 2, kSvc);
        vp9Filter.want(0, 2);
        return seq;
    }

    @Test
    void vp9InKSvcGoesDownASpatialLayerOnlyAtAKeyframeAndStaysUpUntilThen() {
        // S0's frames were left out (Z) and the next ones refer to them: sent S0 at once, the
        // receiver could decode nothing until a keyframe (SvcBrowserIT froze 3 s, Chromium's wait)
        int seq = onS1ThenWantingS0(true);
        assertEquals(6 + 2 + 2, sent.size(), "S1 alone");
        assertTrue(vp9Filter.awaitsKeyframe(), "the caller asks the publisher for one");
        seq = vp9Deltas(seq, 3, 3, true);
        assertEquals(6 + 3 * 2, sent.size(), "still S1 until the keyframe");
        assertEquals(1, vp9Sid(sent.get(sent.size() - 1)));
        assertEquals(1, vp9Filter.spatial());
        seq = vp9Picture(seq, 4, true, false, true);
        vp9Deltas(seq, 5, 5, true);
        assertFalse(vp9Filter.awaitsKeyframe());
        assertEquals(0, vp9Filter.spatial());
        assertEquals(6 + 3 * 2 + 2 + 2, sent.size(), "S0 of the keyframe, then S0's own frames");
        for (int i = 12; i < sent.size(); i++) {
            assertEquals(0, vp9Sid(sent.get(i)), "S0 from the keyframe on, at " + i);
            assertEquals(vp9End(sent.get(i)), Rtp.marker(sent.get(i), 0), "S0's last packet ends the picture, at " + i);
        }
        assertContinuous();
    }

    @Test
    void vp9GoesDownASpatialLayerAtOnceWhenTheLowerLayersWereAllSent() {
        int seq = onS1ThenWantingS0(false);
        assertEquals(6 + 4 + 4, sent.size(), "S0 and S1: S1 refers to S0");
        assertFalse(vp9Filter.awaitsKeyframe(), "S0 has every frame it refers to");
        vp9Deltas(seq, 3, 3, false);
        assertEquals(6 + 4 + 4 + 2, sent.size(), "S0 alone at once");
        assertEquals(0, vp9Filter.spatial());
        assertContinuous();
    }

    @Test
    void otherCodecsAndStreamsWithoutLayersPassUntouched() {
        LayerFilter h264 = new LayerFilter("h264", vp8Rewriter);
        byte[] p = vp8(1, 0, 1, 0, 2, false, true, false, true);
        assertEquals(LayerFilter.FORWARD, h264.admit(p, 0, p.length, false));
        byte[] plain = Arrays.copyOf(p, p.length);
        plain[13] = (byte) 0xC0; // I, L, no T
        vp8Filter.want(0, 0);
        assertEquals(LayerFilter.FORWARD, vp8Filter.admit(plain, 0, plain.length, false));
        assertEquals(-1, vp8Filter.maxTemporal());
    }
}
