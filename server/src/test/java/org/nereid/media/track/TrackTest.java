package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Rtp;

/**
 * Forwarding from an up track to a down track between real SRTP sessions: the receiver gets the
 * publisher's packets with its own SSRC and payload type, a payload type it did not negotiate is
 * dropped, and a stopped down track is sent nothing and leaves the up track.
 */
class TrackTest extends TrackFixture {
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
    void stopsForwardingOnceStopped() {
        down.stop();
        byte[] p = vp8(1, true);
        up.receive(p, 0, p.length);
        assertTrue(receiver.rtp.isEmpty());
        assertEquals(0, up.subscriberCount());
    }
}
