package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.Test;
import org.nereid.media.nack.PlayoutDelay;
import org.nereid.media.nack.ResendLimiter;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.RrtrEcho;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.rtp.Xr;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/** Forwarding, NACK answers and keyframe requests between real SRTP sessions. */
class TrackTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    /** Records what a peer connection would send, protected with the real contexts. */
    static final class RecordingSink implements PeerSink {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();

        @Override
        public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
            assertTrue(SrtpSession.protect(context, packet));
            rtp.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        }

        @Override
        public void sendRtcp(PacketBuffer packet) {
            rtcp.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        }

        @Override
        public void sendRtcp(SrtcpCryptoContext context, PacketBuffer packet) {
            assertTrue(SrtpSession.protect(context, packet));
            rtcp.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        }

        @Override
        public int rtcpSsrc() {
            return 99;
        }

        @Override
        public boolean isClosed() {
            return false;
        }
    }

    private static byte[] material() {
        byte[] m = new byte[2 * (PROFILE.keyLength + PROFILE.saltLength)];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (i + 11);
        }
        return m;
    }

    /** A VP8 packet of SSRC 0xABCDEF, payload type 96, its sequence number's low byte at 20 (to tell copies apart). */
    static byte[] vp8(int seq, boolean keyframe) {
        byte[] p = new byte[112];
        p[0] = (byte) 0x80;
        p[1] = 96;
        Rtp.setSequence(p, 0, seq);
        Bytes.put32(p, 8, 0xABCDEF);
        p[12] = 0x10;
        p[13] = (byte) (keyframe ? 0x00 : 0x01);
        p[20] = (byte) seq;
        return p;
    }

    private final RecordingSink publisher = new RecordingSink();
    private final RecordingSink receiver = new RecordingSink();
    private static final Codec VP8 = Codecs.allowed(List.of("vp8")).get(0);
    private final UpTrack up = new UpTrack("1", "", VP8, 96, VP8.feedback(), publisher);
    private final SrtpSession receiverSide = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), false));
    private final DownTrack down = new DownTrack(up, 0x5151, receiver);

    TrackTest() {
        up.latch(0xABCDEF, null);
        down.setPayloadType(120);
        down.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true)));
    }

    private byte[] unprotected(byte[] sent) {
        PacketBuffer p = new PacketBuffer().copyFrom(sent, 0, sent.length);
        assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(0x5151), p));
        return Arrays.copyOf(p.getBuffer(), p.getLength());
    }

    @Test
    void forwardsWithTheReceiversSsrcAndPayloadType() {
        assertEquals(1, up.subscriberCount());
        byte[] p = vp8(500, true);
        up.receive(p, 0, p.length);
        byte[] got = unprotected(receiver.rtp.get(0));
        assertEquals(0x5151, Rtp.ssrc(got, 0));
        assertEquals(120, Rtp.payloadType(got, 0));
        assertEquals(500, Rtp.sequence(got, 0));
        assertArrayEquals(Arrays.copyOfRange(p, 12, p.length), Arrays.copyOfRange(got, 12, got.length));
        assertEquals(500, up.cache().lastKeyframe());
        byte[] other = vp8(501, false);
        other[1] = 97;
        up.receive(other, 0, other.length);
        assertEquals(1, receiver.rtp.size(), "a payload type not negotiated (RTX) is dropped");
    }

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
        assertEquals(sent + 2, receiver.rtp.size());
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
        nack(65535);
        assertEquals(sent + 2, receiver.rtp.size(), "the ResendLimiter bounds RTX as it bounds plain resends");
    }

    /** An RTX packet the receiver got, unprotected with the keys of our RTX SSRC. */
    private byte[] unprotectedRtx(byte[] sent) {
        PacketBuffer p = new PacketBuffer().copyFrom(sent, 0, sent.length);
        assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(~0x5151), p), "SRTP with the RTX SSRC's keys");
        return Arrays.copyOf(p.getBuffer(), p.getLength());
    }

    /** The publisher sends a video frame of packets {@code first} to {@code last} (the marker on the last). */
    private void sendFrame(int first, int last, boolean keyframe) {
        for (int seq = first; seq <= last; seq++) {
            byte[] p = vp8(seq, keyframe && seq == first);
            if (seq == last) {
                Rtp.setMarker(p, 0);
            }
            up.receive(p, 0, p.length);
        }
    }

    /** The receiver's generic NACK for these sequence numbers (ascending), as DownConnection hands it over. */
    private void nack(int... seqs) {
        byte[] b = new byte[256];
        int n = Rtcp.writeNack(b, 0, 77, 0x5151, seqs, seqs.length, 16);
        down.nacked(b, 0, n);
    }

    @Test
    void aLosingReceiverThatTookThePlayoutDelayExtensionIsAskedForALongerJitterBufferOnEachFrame() {
        down.setPlayoutDelayExtension(3);
        sendFrame(400, 402, true);
        assertEquals(3, receiver.rtp.size());
        for (byte[] sent : receiver.rtp) {
            assertEquals(0, unprotected(sent)[0] & 0x10, "a clean receiver's packets carry no extension");
        }
        nack(399);
        int before = receiver.rtp.size();
        sendFrame(403, 405, false);
        byte[] first = unprotected(receiver.rtp.get(before));
        assertEquals(403, Rtp.sequence(first, 0));
        long found = Rtp.findExtension(first, 0, first.length, 3);
        assertEquals(3, (int) found, "the frame's first packet carries min and max delay");
        int at = (int) (found >>> 32);
        assertEquals(PlayoutDelay.LOSSY_MIN_MS / 10, (first[at] & 0xFF) << 4 | (first[at + 1] & 0xF0) >> 4);
        assertEquals(Rtp.payloadLength(vp8(403, false), 0, 112), Rtp.payloadLength(first, 0, first.length),
                "the payload is whole after it");
        assertEquals(0, unprotected(receiver.rtp.get(before + 1))[0] & 0x10, "the frame's other packets do not");
        assertEquals(1, down.delayedFrames());
    }

    @Test
    void aReceiverThatLosesPacketsGetsATinyPaddingPacketAfterEachFrameOfSeveralPackets() {
        byte[] first = vp8(300, true);
        Rtp.setMarker(first, 0);
        up.receive(first, 0, first.length);
        assertEquals(1, receiver.rtp.size(), "a clean receiver gets the frame alone");
        nack(299);
        byte[] small = vp8(301, false);
        Rtp.setMarker(small, 0);
        up.receive(small, 0, small.length);
        assertEquals(2, receiver.rtp.size(), "a one-packet frame: padding would double its packets");
        for (int seq = 302; seq < 304; seq++) {
            byte[] p = vp8(seq, false);
            up.receive(p, 0, p.length);
        }
        byte[] last = vp8(304, false);
        Rtp.setMarker(last, 0);
        up.receive(last, 0, last.length);
        assertEquals(6, receiver.rtp.size(), "the frame's last packet, then a padding packet");
        byte[] pad = unprotected(receiver.rtp.get(5));
        assertEquals(305, Rtp.sequence(pad, 0), "the next sequence number: a lost last packet shows as a gap");
        assertEquals(Rtp.timestamp(last, 0), Rtp.timestamp(pad, 0));
        assertEquals(Rtp.FIXED_HEADER + 1, pad.length, "padding only, one byte of it");
        assertEquals(1, pad[pad.length - 1]);
        assertEquals(1, down.tailPadding().packets());
        byte[] next = vp8(305, false);
        up.receive(next, 0, next.length);
        assertEquals(306, Rtp.sequence(unprotected(receiver.rtp.get(6)), 0), "the stream goes on past the padding");
        int sent = receiver.rtp.size();
        nack(305);
        assertEquals(sent + 1, receiver.rtp.size(), "a lost padding packet is resent");
        assertEquals(Rtp.FIXED_HEADER + 1 + 16, receiver.rtp.get(sent).length, "as a tiny one (16: the GCM tag)");
        assertEquals(1, down.resent());
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
    void aReceiverWhoseResendsTheBudgetRefusesGetsNoTailPadding() {
        nack(65000);                        // the receiver loses packets: its frames' tails are padded
        for (int seq = 0; seq < 200; seq++) {
            byte[] p = vp8(seq, seq == 0);
            if (seq == 199) {
                Rtp.setMarker(p, 0);
            }
            up.receive(p, 0, p.length);
        }
        assertEquals(1, down.tailPadding().packets(), "sequence number 200 is padding");
        // the first second's budget holds 12,000 bytes, 107 of these packets: 150 asked, some refused
        int[] all = new int[150];
        for (int i = 0; i < all.length; i++) {
            all[i] = 5 + i;
        }
        nack(all);
        assertTrue(down.resendsRefused() > 0);
        int sent = receiver.rtp.size();
        sendFrame(200, 203, false);
        assertEquals(sent + 4, receiver.rtp.size(), "congested: the frame, no padding after it");
        assertEquals(1, down.tailPadding().packets());
        long resent = down.resent();
        nack(200);
        assertEquals(sent + 4, receiver.rtp.size(), "nor is lost padding resent on a full link");
        assertEquals(resent, down.resent());
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
    void aNewReceiverGetsTheCachedKeyframeWithTheNextPacketAndNoGap() {
        for (int seq = 10; seq < 20; seq++) {
            byte[] p = vp8(seq, seq == 12);
            up.receive(p, 0, p.length);
        }
        TrackTest.RecordingSink late = new TrackTest.RecordingSink();
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

    @Test
    void regeneratesSenderReportsFromThePublishersClockWithItsOwnSsrcAndCounts() {
        byte[] p = vp8(10, true);
        up.receive(p, 0, p.length);
        long now = SenderClock.ntpNow();
        down.sendSenderReport(now, System.nanoTime(), null);
        assertTrue(receiver.rtcp.isEmpty(), "nothing before the publisher's clock is known");
        // the publisher's report is a second old by its clock: our first SR goes out at once, a second later in RTP time
        up.senderReport(now - (1L << 32), 90_000);
        byte[] sr = receiver.rtcp.get(receiver.rtcp.size() - 1);
        PacketBuffer b = new PacketBuffer().copyFrom(sr, 0, sr.length);
        assertTrue(receiverSide.unprotectRtcp(b));
        assertEquals(Rtcp.SR, Rtcp.type(b.getBuffer(), 0));
        assertEquals(0x5151, Rtcp.senderSsrc(b.getBuffer(), 0));
        long ntp = (long) Bytes.i32(b.getBuffer(), 8) << 32 | Bytes.u32(b.getBuffer(), 12);
        long sent = SenderClock.nanosBetween(now, ntp);
        assertTrue(sent >= 0 && sent < 1_000_000_000L, "NTP time is ours, now: " + sent);
        long expected = 90_000 + 90_000 + sent * 90_000 / 1_000_000_000L;
        assertEquals(expected, Bytes.u32(b.getBuffer(), 16), 90.0, "RTP time = SR's + (now - SR's NTP) x clock");
        assertEquals(1, Bytes.i32(b.getBuffer(), 20), "one packet sent");
        assertEquals(100, Bytes.i32(b.getBuffer(), 24), "its payload octets");
    }

    @Test
    void aSenderReportCarriesTheDlrrAnsweringTheReceiversRrtrFromTheTracksSsrc() {
        byte[] p = vp8(10, true);
        up.receive(p, 0, p.length);
        up.senderReport(SenderClock.ntpNow(), 90_000);
        RrtrEcho echo = new RrtrEcho();
        byte[] xr = new byte[20];
        xr[0] = (byte) 0x80;
        xr[1] = (byte) Xr.XR;
        Bytes.put16(xr, 2, 4);
        Bytes.put32(xr, 4, 0x0BB0);                 // the receiver's own SSRC
        xr[8] = 4;                                  // RRTR
        Bytes.put16(xr, 10, 2);
        Bytes.put32(xr, 12, 0x1234_5678);
        Bytes.put32(xr, 16, 0x9ABC_DEF0);
        long now = System.nanoTime();
        echo.xr(xr, 0, xr.length, now);
        down.sendSenderReport(SenderClock.ntpNow(), now + 20_000_000L, echo);
        byte[] sent = receiver.rtcp.get(receiver.rtcp.size() - 1);
        PacketBuffer b = new PacketBuffer().copyFrom(sent, 0, sent.length);
        assertTrue(receiverSide.unprotectRtcp(b));
        byte[] r = b.getBuffer();
        assertEquals(Rtcp.SR, Rtcp.type(r, 0));
        int at = Rtcp.length(r, 0, b.getLength());
        assertEquals(Xr.XR, Rtcp.type(r, at), "one packet: the SR, then the XR");
        assertEquals(0x5151, Rtcp.senderSsrc(r, at), "from the track's SSRC, which Chromium keys the round trip by");
        assertEquals(0x0BB0, Bytes.i32(r, at + 12));
        assertEquals(0x5678_9ABCL, Bytes.u32(r, at + 16), "LRR: the RRTR's middle bits");
        assertEquals(20 * 65536 / 1000, Bytes.u32(r, at + 20), 1.0, "DLRR: 20 ms");
        assertEquals(1, echo.sent());
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

    @Test
    void stopsForwardingOnceStopped() {
        down.stop();
        byte[] p = vp8(1, true);
        up.receive(p, 0, p.length);
        assertTrue(receiver.rtp.isEmpty());
        assertEquals(0, up.subscriberCount());
    }
}
