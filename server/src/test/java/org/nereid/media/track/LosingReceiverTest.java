package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.nack.PlayoutDelay;
import org.nereid.media.rtp.Rtp;

/**
 * What a receiver that loses packets (it has sent a NACK) is sent besides resends, between real
 * SRTP sessions: a tiny padding packet after each frame of several packets, so that a lost last
 * packet shows as a gap (none while the resend budget refuses, and lost padding resent as a tiny
 * one), and a longer playout delay on each frame's first packet when it took that extension.
 */
class LosingReceiverTest extends TrackFixture {
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

    /**
     * A frame's last packet lost on the way and recovered from the publisher while the next frame
     * is under way goes back to its place, and is no frame end: padding after it took a number in
     * the middle of the next frame, and Chromium assembles a frame only from consecutive numbers
     * of its own packets (a base-layer frame lost so stops all decoding until a keyframe, 3 s).
     */
    @Test
    void aFrameEndRecoveredLateIsFollowedByNoPaddingInTheFrameUnderWay() {
        sendFrame(300, 302, true);
        nack(299);                          // the receiver loses packets: its frames' tails are padded
        for (int seq : new int[] {303, 304, 306, 307}) {
            byte[] p = vp8(seq, false);
            up.receive(p, 0, p.length);
        }
        byte[] late = vp8(305, false);      // the end of frame 303-305, after 306 and 307 of the next
        Rtp.setMarker(late, 0);
        up.receive(late, 0, late.length);
        sendFrame(308, 309, false);
        List<Integer> numbers = new ArrayList<>();
        for (byte[] sent : receiver.rtp) {
            byte[] p = unprotected(sent);
            numbers.add(p.length > Rtp.FIXED_HEADER + 1 ? Rtp.sequence(p, 0) : -Rtp.sequence(p, 0));
        }
        assertEquals(List.of(300, 301, 302, 303, 304, 306, 307, 305, 308, 309, -310), numbers,
                "the frame 306-309 whole, with padding (negative) only after its last packet");
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
}
