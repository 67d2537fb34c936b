package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpSession;

/**
 * How a receiver gets a picture, between real SRTP sessions: a new or recovering receiver is
 * replayed the up track's cached keyframe before the next packet, with no gap in its numbers and
 * never the same keyframe twice; otherwise (too old, already replayed) the publisher is sent a PLI,
 * at most every 500 ms, and asked again until the receiver has had a keyframe.
 */
class KeyframeRequestTest extends TrackFixture {
    @Test
    void aNewReceiverGetsTheCachedKeyframeWithTheNextPacketAndNoGap() {
        for (int seq = 10; seq < 20; seq++) {
            byte[] p = vp8(seq, seq == 12);
            up.receive(p, 0, p.length);
        }
        RecordingSink late = new RecordingSink();
        DownTrack carol = new DownTrack(up, 0x6161, late);
        int plis = publisher.rtcp.size();
        carol.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true)));
        carol.keyframeRequested(); // the receiver's first PLI, before any packet: the replay will answer
        assertEquals(plis, publisher.rtcp.size(), "no keyframe request needed");
        byte[] next = vp8(20, false);
        up.receive(next, 0, next.length);
        assertEquals(9, late.rtp.size(), "12 (the keyframe) to 19 replayed, then 20");
        assertEquals(1, carol.keyframeReplays());
        assertEquals(plis, publisher.rtcp.size(), "still no keyframe request");
        SrtpCryptoContext receive = receiverSide.receiveContext(0x6161);
        for (int i = 0; i < 9; i++) {
            PacketBuffer p = new PacketBuffer().copyFrom(late.rtp.get(i), 0, late.rtp.get(i).length);
            assertTrue(SrtpSession.unprotect(receive, p));
            assertEquals(12 + i, Rtp.sequence(p.getBuffer(), 0), "no gap at packet " + i);
        }
    }

    @Test
    void aRecoveringReceiverGetsTheCachedKeyframeReplayedAsTheNextPictureOnce() throws Exception {
        for (int seq = 10; seq < 20; seq++) {
            byte[] p = vp8(seq, seq == 12);
            up.receive(p, 0, p.length);
        }
        assertEquals(10, receiver.rtp.size());
        Thread.sleep(550); // past the PLI limit, so that a PLI sent would show
        int plis = publisher.rtcp.size();
        down.keyframeRequested();
        assertEquals(plis, publisher.rtcp.size(), "the cached keyframe will do: no PLI");
        byte[] next = vp8(20, false);
        up.receive(next, 0, next.length);
        assertEquals(10 + 8 + 1, receiver.rtp.size(), "12 (the keyframe) to 19 replayed before 20");
        for (int i = 0; i < 9; i++) {
            if (i == 2) {
                continue; // "lost": NACKed below (SRTP would take a second copy for a replay attack)
            }
            byte[] got = unprotected(receiver.rtp.get(10 + i));
            assertEquals(20 + i, Rtp.sequence(got, 0), "the stream goes on with the next sequence numbers");
            assertEquals((byte) (12 + i), got[20], "packet " + (12 + i));
        }
        assertEquals(1, down.keyframeReplays());

        nack(22);
        byte[] again = unprotected(receiver.rtp.get(receiver.rtp.size() - 1));
        assertEquals(22, Rtp.sequence(again, 0));
        assertEquals((byte) 14, again[20], "a NACK of a replayed packet maps back to the layer's own number");

        Thread.sleep(40); // past the round-trip gap
        down.keyframeRequested();
        assertEquals(plis + 1, publisher.rtcp.size(), "the same keyframe is never replayed twice: a PLI instead");
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(publisher.rtcp.get(plis), 0));
        byte[] after = vp8(21, false);
        up.receive(after, 0, after.length);
        assertEquals(1, down.keyframeReplays());
    }

    @Test
    void aKeyframeTooOldToReplayMeansAPli() throws Exception {
        for (int seq = 100; seq < 150; seq++) {
            byte[] p = vp8(seq, seq == 100);
            up.receive(p, 0, p.length);
        }
        Thread.sleep(550);
        int plis = publisher.rtcp.size();
        int sent = receiver.rtp.size();
        down.keyframeRequested();
        assertEquals(plis + 1, publisher.rtcp.size(), "49 packets old: the publisher is asked");
        byte[] next = vp8(150, false);
        up.receive(next, 0, next.length);
        assertEquals(sent + 1, receiver.rtp.size(), "nothing replayed");
        assertEquals(0, down.keyframeReplays());
    }

    @Test
    void asksThePublisherForKeyframesAtMostEvery500Ms() throws Exception {
        // start() asked once already: the receiver needs a picture
        int before = publisher.rtcp.size();
        for (int i = 0; i < 10; i++) {
            up.requestKeyframe();
        }
        assertEquals(before, publisher.rtcp.size(), "rate limited");
        Thread.sleep(550);
        up.requestKeyframe();
        assertEquals(before + 1, publisher.rtcp.size());
        byte[] pli = publisher.rtcp.get(publisher.rtcp.size() - 1);
        assertEquals(Rtcp.PSFB, Rtcp.type(pli, 0));
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(pli, 0));
        assertEquals(99, Rtcp.senderSsrc(pli, 0));
        assertEquals(0xABCDEF, Rtcp.mediaSsrc(pli, 0));
    }

    @Test
    void keepsAskingUntilTheReceiverHasHadAKeyframe() throws Exception {
        // the request made at start() was lost: the publisher goes on with delta frames
        int before = publisher.rtcp.size();
        Thread.sleep(550);
        byte[] delta = vp8(1, false);
        up.receive(delta, 0, delta.length);
        assertEquals(before + 1, publisher.rtcp.size(), "a delta frame to a receiver without a picture asks again");
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(publisher.rtcp.get(before), 0));

        byte[] key = vp8(2, true);
        up.receive(key, 0, key.length);
        Thread.sleep(550);
        byte[] next = vp8(3, false);
        up.receive(next, 0, next.length);
        assertEquals(before + 1, publisher.rtcp.size(), "once a keyframe has passed, delta frames ask nothing");
    }
}
