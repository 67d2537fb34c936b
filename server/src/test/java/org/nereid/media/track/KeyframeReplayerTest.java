package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.Test;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.rtp.Keyframes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/**
 * Keyframe replays from a real up track's cache through a real {@link StreamRewriter}: which
 * packets a new or recovering receiver is sent, numbered how, and when the publisher is asked
 * instead.
 */
class KeyframeReplayerTest {
    private static final Codec VP8 = Codecs.allowed(List.of("vp8")).get(0);
    private static final Codec OPUS = Codecs.allowed(List.of("opus")).get(0);

    private final RecordingSink publisher = new RecordingSink();
    private final UpTrack up = new UpTrack("1", "", VP8, 96, VP8.feedback(), publisher);
    private final StreamRewriter rewriter = new StreamRewriter(true, VP8.clockRate());
    private final SrtpCryptoContext ctx = new SrtpSession(
            SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, TrackFixture.material(), true)).sendContext(0x5151);
    /** The receiver's stream as the down track writes it, without its sublayer filter: the packets sent, in order. */
    private final List<byte[]> sent = new ArrayList<>();
    /** Sequence numbers (of the layer) the sublayer filter drops. */
    private final List<Integer> dropped = new ArrayList<>();
    private final KeyframeReplayer replayer = new KeyframeReplayer(new UpTrack[] {up}, rewriter, new KeyframeReplayer.Stream() {
        @Override
        public boolean rewrite(byte[] b, int len, boolean keyframe, long nowNanos) {
            if (dropped.contains(Rtp.sequence(b, 0))) {
                return false;
            }
            rewriter.rewrite(b, 0, len, nowNanos);
            return true;
        }

        @Override
        public void sendNew(SrtpCryptoContext context, PacketBuffer out, int len) {
            assertEquals(ctx, context);
            sent.add(Arrays.copyOf(out.getBuffer(), len));
        }
    });

    KeyframeReplayerTest() {
        up.latch(0xABCDEF, null);
    }

    /** The publisher sends packets {@code first} to {@code last}, a keyframe starting at {@code key}. */
    private void publish(int first, int last, int key) {
        for (int seq = first; seq <= last; seq++) {
            byte[] p = TrackFixture.vp8(seq, seq == key);
            up.receive(p, 0, p.length);
        }
    }

    /** The receiver's stream carries on with {@code p} as the forwarding thread would, rewritten. */
    private void forwardLive(int seq) {
        byte[] p = TrackFixture.vp8(seq, false);
        rewriter.rewrite(p, 0, p.length, System.nanoTime());
        sent.add(p);
    }

    @Test
    void aNewReceiverIsSentTheCachedKeyframeBeforeTheSourcesNextPacket() {
        publish(10, 19, 12);
        assertTrue(replayer.wantAtStart(0));
        assertEquals(0, sent.size(), "the forwarding thread replays, before the next packet");
        publish(20, 21, -1); // arrived while the receiver subscribed: no gap for it
        assertTrue(replayer.before(0, 22, Keyframes.NO, ctx));
        assertFalse(replayer.wanted(), "taken");
        assertEquals(10, sent.size(), "12 (the keyframe) to 21");
        for (int i = 0; i < 10; i++) {
            assertEquals(12 + i, Rtp.sequence(sent.get(i), 0), "the stream starts with the layer's own numbers");
            assertEquals((byte) (12 + i), sent.get(i)[20]);
        }
        assertEquals(0, rewriter.switchedLayer(), "the stream starts on the layer asked for");
        assertEquals(1, replayer.count());
    }

    @Test
    void aNewReceiverGetsNothingWithoutARecentKeyframe() {
        assertFalse(replayer.wantAtStart(0), "an empty cache");
        publish(100, 100 + KeyframeReplayer.MAX_AGE_PACKETS + 1, 100);
        assertFalse(replayer.wantAtStart(0), "a keyframe 41 packets old");
        assertFalse(replayer.wanted());
        assertEquals(0, sent.size());
        assertEquals(0, replayer.count());

        UpTrack audio = new UpTrack("2", "", OPUS, 111, OPUS.feedback(), publisher);
        KeyframeReplayer ofAudio = new KeyframeReplayer(new UpTrack[] {audio}, rewriter, null);
        assertFalse(ofAudio.wantAtStart(0), "audio has no keyframes to replay");
    }

    @Test
    void aNewReceiverWhoseFirstPacketStartsAKeyframeStartsOnItWithoutAReplay() {
        publish(10, 19, 12);
        assertTrue(replayer.wantAtStart(0));
        int plis = publisher.rtcp.size();
        assertFalse(replayer.before(0, 20, Keyframes.YES, ctx));
        assertEquals(0, sent.size());
        assertEquals(plis, publisher.rtcp.size(), "the keyframe is on its way: no PLI");
    }

    @Test
    void aRecoveringReceiverGetsTheKeyframeBeforeTheNextPacketAsItsNextPicture() throws Exception {
        publish(10, 19, 12);
        for (int seq = 10; seq < 20; seq++) {
            forwardLive(seq);
        }
        assertTrue(replayer.ask(0, 0, System.nanoTime()));
        assertTrue(replayer.wanted());
        int plis = publisher.rtcp.size();
        replayer.before(0, 20, Keyframes.NO, ctx);
        assertFalse(replayer.wanted(), "taken");
        assertEquals(10 + 8, sent.size(), "12 to 19 replayed before 20");
        for (int i = 0; i < 8; i++) {
            byte[] p = sent.get(10 + i);
            assertEquals(20 + i, Rtp.sequence(p, 0), "the stream goes on with the next sequence numbers");
            assertEquals((byte) (12 + i), p[20]);
        }
        assertTrue(Rtp.timestamp(sent.get(10), 0) != Rtp.timestamp(sent.get(9), 0), "a new picture");
        assertEquals(plis, publisher.rtcp.size(), "no PLI");
        assertEquals(1, replayer.count());

        Thread.sleep(40); // past the gap between replays
        assertFalse(replayer.ask(0, 0, System.nanoTime()), "the same keyframe is never replayed twice");
    }

    @Test
    void aRecoveringReceiverIsReplayedAtMostOncePerRoundTrip() {
        publish(10, 19, 12);
        long now = System.nanoTime();
        assertTrue(replayer.ask(0, 100_000_000L, now));
        replayer.before(0, 13, Keyframes.NO, ctx);
        publish(20, 21, 20);
        assertFalse(replayer.ask(0, 100_000_000L, now + 50_000_000L), "within the round trip");
        assertFalse(replayer.ask(0, 0, now + KeyframeReplayer.MIN_GAP_NANOS - 1), "within the least gap");
        assertTrue(replayer.ask(0, 100_000_000L, now + 100_000_000L), "a newer keyframe, a round trip later");
    }

    @Test
    void aPacketThatStartsAKeyframeOrPrecedesTheCachedOneNeedsNoReplay() {
        publish(10, 19, 12);
        int plis = publisher.rtcp.size();
        assertTrue(replayer.ask(0, 0, System.nanoTime()));
        replayer.before(0, 20, Keyframes.YES, ctx);
        assertFalse(replayer.wanted());
        replayer.before(0, 12, Keyframes.NO, ctx);
        replayer.before(0, 11, Keyframes.NO, ctx);
        assertEquals(0, sent.size(), "the receiver gets a keyframe anyway");
        assertEquals(plis, publisher.rtcp.size(), "nor is the publisher asked");
        assertEquals(0, replayer.count());
    }

    @Test
    void aKeyframeGoneStaleBeforeTheForwardingThreadTookItMeansAPli() {
        publish(10, 19, 12);
        assertTrue(replayer.ask(0, 0, System.nanoTime()));
        int plis = publisher.rtcp.size();
        replayer.before(0, 12 + KeyframeReplayer.MAX_AGE_PACKETS + 1, Keyframes.NO, ctx);
        assertEquals(0, sent.size());
        assertEquals(plis + 1, publisher.rtcp.size(), "the publisher is asked after all");
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(publisher.rtcp.get(plis), 0));
    }

    @Test
    void packetsOfSublayersTheReceiverDoesNotGetAreLeftOut() {
        publish(10, 19, 12);
        dropped.addAll(List.of(14, 16));
        assertTrue(replayer.wantAtStart(0));
        assertTrue(replayer.before(0, 20, Keyframes.NO, ctx));
        assertEquals(6, sent.size(), "12 to 19 but 14 and 16");
        assertEquals((byte) 15, sent.get(2)[20]);
        assertEquals(1, replayer.count());
    }
}
