package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.nack.ResendLimiter;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * Repairs of lost packets between real SRTP sessions, both ways: the receiver's NACKs are answered
 * from the up track's cache (plainly or on the RTX stream), within the {@link ResendLimiter}'s
 * limits (a copy per round trip, a few at most, a byte budget), and a packet the receiver cannot
 * have in time asks the publisher for a keyframe instead; the up track asks the publisher for the
 * gaps it sees, when they are due and only when the publisher named NACKs, and sizes its cache to
 * the receivers' retransmission timeout.
 */
class ResendTest extends TrackFixture {
    @Test
    void answersNacksFromTheCacheAgain() {
        for (int seq = 65534; seq < 65538; seq++) {
            byte[] p = vp8(seq & 0xFFFF, false);
            up.receive(p, 0, p.length);
        }
        // the receiver got all but 65535 and asks for it, and for 7, which never came
        unprotected(receiver.rtp.get(0));
        unprotected(receiver.rtp.get(2));
        unprotected(receiver.rtp.get(3));
        nack(65535, 7);
        assertEquals(5, receiver.rtp.size(), "only the cached packet is resent");
        byte[] again = unprotected(receiver.rtp.get(4));
        assertEquals(65535, Rtp.sequence(again, 0));
        assertEquals(0x5151, Rtp.ssrc(again, 0));
        assertEquals(120, Rtp.payloadType(again, 0));
        assertEquals((byte) 65535, again[20]);
        assertEquals(2, down.nacks());
        assertEquals(1, down.notCached());
    }

    @Test
    void answersNacksOnTheRtxStreamWhenTheReceiverAcceptedIt() {
        down.setRtxPayloadType(121);
        for (int seq = 65534; seq < 65538; seq++) {
            byte[] p = vp8(seq & 0xFFFF, false);
            up.receive(p, 0, p.length);
        }
        int sent = receiver.rtp.size();
        nack(65535, 1);
        int answered = receiver.rtp.size();
        nack(65535); // at once, within the limiter's 30 ms: its copy is on its way (later, it would be resent)
        assertEquals(answered, receiver.rtp.size(), "the ResendLimiter bounds RTX as it bounds plain resends");
        assertEquals(sent + 2, answered);
        byte[] first = unprotectedRtx(receiver.rtp.get(sent));
        byte[] second = unprotectedRtx(receiver.rtp.get(sent + 1));
        assertEquals(~0x5151, Rtp.ssrc(first, 0), "the RTX SSRC, not the media one");
        assertEquals(121, Rtp.payloadType(first, 0));
        assertEquals((Rtp.sequence(first, 0) + 1) & 0xFFFF, Rtp.sequence(second, 0), "its own sequence numbers");
        assertEquals(65535, ((first[12] & 0xFF) << 8) | (first[13] & 0xFF), "the original sequence number first");
        assertEquals(1, ((second[12] & 0xFF) << 8) | (second[13] & 0xFF));
        byte[] original = vp8(65535, false);
        assertEquals(original.length + 2, first.length);
        assertArrayEquals(Arrays.copyOfRange(original, 12, original.length), Arrays.copyOfRange(first, 14, first.length));
        assertEquals(Rtp.timestamp(original, 0), Rtp.timestamp(first, 0));
        assertEquals(2, down.resent());
    }

    /** An RTX packet the receiver got, unprotected with the keys of our RTX SSRC. */
    private byte[] unprotectedRtx(byte[] sent) {
        PacketBuffer p = new PacketBuffer().copyFrom(sent, 0, sent.length);
        assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(~0x5151), p), "SRTP with the RTX SSRC's keys");
        return Arrays.copyOf(p.getBuffer(), p.getLength());
    }

    @Test
    void aReceiverThatKeepsAskingGetsAPacketOncePerRoundTripAndAFewTimesAtMost() throws Exception {
        byte[] p = vp8(40, true);
        up.receive(p, 0, p.length);
        int before = receiver.rtp.size();
        for (int i = 0; i < 20; i++) {
            nack(40);
        }
        assertEquals(before + 1, receiver.rtp.size(), "twenty NACKs at once: one resend");
        for (int i = 0; i < 10; i++) {
            Thread.sleep(40);
            nack(40);
        }
        assertEquals(before + org.nereid.media.nack.ResendLimiter.MAX_RESENDS, receiver.rtp.size(),
                "never more than MAX_RESENDS copies, however long it asks");
        assertEquals(30 - org.nereid.media.nack.ResendLimiter.MAX_RESENDS, down.resendsRefused());
    }

    @Test
    void aPacketTheBudgetKeepsRefusingAsksThePublisherForAKeyframeOnce() throws Exception {
        for (int seq = 0; seq < 200; seq++) {
            byte[] p = vp8(seq, seq == 0);
            up.receive(p, 0, p.length);
        }
        Thread.sleep(550);                  // past the publisher's keyframe request interval
        int before = publisher.rtcp.size();
        // the first second's budget holds 12,000 bytes, 107 of these packets: ask for 150, then again
        int[] all = new int[150];
        for (int i = 0; i < all.length; i++) {
            all[i] = 5 + i;
        }
        nack(all);
        assertEquals(before, publisher.rtcp.size(), "refused once: the receiver may still get them");
        Thread.sleep(40);
        nack(all);
        assertEquals(before + 1, publisher.rtcp.size(), "refused again: its frame is broken, a keyframe is asked");
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(publisher.rtcp.get(before), 0));
        Thread.sleep(550);
        nack(all);
        assertEquals(before + 1, publisher.rtcp.size(), "at most one such request in two seconds");
    }

    /** The PLIs the publisher was sent. */
    private long plis() {
        return publisher.rtcp.stream().filter(p -> Rtcp.type(p, 0) == Rtcp.PSFB && Rtcp.format(p, 0) == Rtcp.FMT_PLI)
                .count();
    }

    @Test
    void aPacketTheReceiverKeepsAskingForThatNeverCameAsksThePublisherForAKeyframe() throws Exception {
        // 100 was lost on the way from the publisher, and its repairs too: never cached
        for (int seq = 0; seq < 200; seq++) {
            if (seq != 100) {
                byte[] p = vp8(seq, seq == 0);
                up.receive(p, 0, p.length);
            }
        }
        Thread.sleep(550);                  // past the publisher's keyframe request interval
        long before = plis();
        for (int ask = 1; ask < ResendLimiter.REPAIR_ASKS; ask++) {
            nack(100);
            Thread.sleep(20);
        }
        assertEquals(before, plis(), "the publisher's repair may still come");
        nack(100);
        assertEquals(before + 1, plis(), "asked for as often as Chromium's patience allows: a keyframe is asked");
        assertEquals(ResendLimiter.REPAIR_ASKS, down.notCached());
        // that PLI was lost: the next delta frame after the publisher's request interval asks again
        Thread.sleep(550);
        sendFrame(200, 201, false);
        assertEquals(before + 2, plis(), "the rescue waits for its keyframe");
        sendFrame(202, 203, true);
        Thread.sleep(550);
        sendFrame(204, 205, false);
        assertEquals(before + 2, plis(), "a keyframe came: no more");
    }

    @Test
    void asksThePublisherAgainForAPacketLostOnTheWay() throws Exception {
        int before = publisher.rtcp.size();
        for (int seq : new int[] {100, 101, 103}) {
            byte[] p = vp8(seq, false);
            up.receive(p, 0, p.length);
        }
        assertEquals(before, publisher.rtcp.size(), "102 may only be late: not asked for yet");
        Thread.sleep(40);
        byte[] p = vp8(104, false);
        up.receive(p, 0, p.length);
        byte[] nack = publisher.rtcp.get(publisher.rtcp.size() - 1);
        assertEquals(Rtcp.RTPFB, Rtcp.type(nack, 0));
        assertEquals(Rtcp.FMT_NACK, Rtcp.format(nack, 0));
        assertEquals(0xABCDEF, Rtcp.mediaSsrc(nack, 0));
        assertEquals(102, Rtcp.nackPair(nack, 0, 0));
        assertEquals(1, up.nacksSent());
        byte[] late = vp8(102, false);
        up.receive(late, 0, late.length);
        assertEquals(1, up.recovered());
    }

    @Test
    void asksForAGapWhenItIsDueNotWhenTheTracksNextPacketComes() throws Exception {
        // the frame's last packet came; the track's next one is a frame (50 ms) away, but the
        // connection's other packets (audio, the other layer) give the generator its turn meanwhile
        int before = publisher.rtcp.size();
        for (int seq : new int[] {100, 101, 103}) {
            byte[] p = vp8(seq, false);
            p[1] |= (byte) 0x80;    // one-packet frames: no frame is left open (no tail to guess)
            up.receive(p, 0, p.length);
        }
        up.askForMissing(System.nanoTime());
        assertEquals(before, publisher.rtcp.size(), "102 may only be late: not asked for yet");
        Thread.sleep(40);
        up.askForMissing(System.nanoTime());
        assertEquals(before + 1, publisher.rtcp.size(), "asked for once the reorder wait is over");
        assertEquals(102, Rtcp.nackPair(publisher.rtcp.get(before), 0, 0));
        up.askForMissing(System.nanoTime());
        assertEquals(before + 1, publisher.rtcp.size(), "and not again before a retransmission timeout");
    }

    @Test
    void aPublisherThatNamedNoFeedbackIsAskedNothing() throws Exception {
        // a WHIP encoder or a bare client may offer VP8 without nack and nack pli
        RecordingSink encoder = new RecordingSink();
        UpTrack bare = new UpTrack("2", "", VP8, 96, List.of(), encoder);
        bare.latch(0x123456, null);
        for (int seq : new int[] {100, 101, 103}) {
            byte[] p = vp8(seq, false);
            bare.receive(p, 0, p.length);
        }
        Thread.sleep(40);
        byte[] p = vp8(104, false);
        bare.receive(p, 0, p.length);
        bare.requestKeyframe();
        assertEquals(0, encoder.rtcp.size(), "neither a NACK nor a PLI");
        assertEquals(0, bare.nacksSent());
    }

    @Test
    void sizesTheCacheToThePacketRateTimesTheReceiversRetransmissionTimeout() {
        assertEquals(UpTrack.MIN_VIDEO_CACHE, up.cache().capacity(), "the floor before any rate is known");
        for (int seq = 0; seq < 600; seq++) {
            byte[] p = vp8(seq, false);
            up.receive(p, 0, p.length);
        }
        long now = System.nanoTime();
        up.sampleRates(now);
        assertEquals(UpTrack.MIN_VIDEO_CACHE, up.cache().capacity(), "no receiver report: no retransmission timeout");
        // 100 ms of jitter (9000 at 90 kHz): a timeout of 400 ms; ~600 packets a second x 0.4 s x 4 > 512
        down.receiverReport(new org.nereid.media.rtp.ReportBlock(0x5151, 0, 0, 599, 9000, 0, 0), now);
        for (int seq = 600; seq < 1200; seq++) {
            byte[] p = vp8(seq, false);
            up.receive(p, 0, p.length);
        }
        up.sampleRates(now + 1_000_000_000L);
        assertEquals(UpTrack.MAX_CACHE, up.cache().capacity());
        byte[] out = new byte[PacketCache.SLOT_SIZE];
        assertTrue(up.cache().get(1000, out, 0) > 0, "what the cache held before the resize is still answered");
    }
}
