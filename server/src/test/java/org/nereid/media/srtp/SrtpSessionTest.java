package org.nereid.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nereid.media.rtp.Rtcp;

class SrtpSessionTest {
    private static SrtpSession[] pair(SrtpProfile profile) {
        byte[] material = new byte[2 * (profile.keyLength + profile.saltLength)];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 7 + 3);
        }
        return new SrtpSession[] {
            new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, true)),
            new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, false)),
        };
    }

    private static PacketBuffer rtp(int seq, int ssrc) {
        byte[] b = new byte[PacketBuffer.CAPACITY];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        org.nereid.media.rtp.Bytes.put32(b, 8, ssrc);
        for (int i = 12; i < 1212; i++) {
            b[i] = (byte) i;
        }
        return new PacketBuffer(b).wrap(b, 0, 1212);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void whatTheServerProtectsTheClientUnprotects(SrtpProfile profile) {
        SrtpSession[] sessions = pair(profile);
        SrtpCryptoContext send = sessions[0].sendContext(42);
        SrtpCryptoContext receive = sessions[1].receiveContext(42);
        PacketBuffer p = rtp(1000, 42);
        byte[] plain = Arrays.copyOf(p.getBuffer(), 1212);
        assertTrue(SrtpSession.protect(send, p));
        assertEquals(1212 + (profile == SrtpProfile.AEAD_AES_128_GCM ? 16 : 10), p.getLength());
        assertFalse(Arrays.equals(plain, Arrays.copyOf(p.getBuffer(), 1212)), "payload encrypted");
        assertTrue(SrtpSession.unprotect(receive, p));
        assertEquals(1212, p.getLength());
        assertArrayEquals(plain, Arrays.copyOf(p.getBuffer(), 1212));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aResentSequenceNumberIsProtectedAgainAndTamperingIsCaught(SrtpProfile profile) {
        SrtpSession[] sessions = pair(profile);
        SrtpCryptoContext send = sessions[0].sendContext(5);
        assertTrue(SrtpSession.protect(send, rtp(1, 5)));
        assertTrue(SrtpSession.protect(send, rtp(1, 5)), "NACK answers reuse sequence numbers");
        PacketBuffer p = rtp(2, 5);
        SrtpSession.protect(send, p);
        p.getBuffer()[100] ^= 1;
        assertFalse(SrtpSession.unprotect(sessions[1].receiveContext(5), p));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsKeyedBySenderSsrc(SrtpProfile profile) {
        SrtpSession[] sessions = pair(profile);
        PacketBuffer p = new PacketBuffer();
        p.setLength(Rtcp.writePli(p.getBuffer(), 0, 77, 88));
        assertTrue(SrtpSession.protect(sessions[1].sendControlContext(77), p));
        assertTrue(sessions[0].unprotectRtcp(p));
        assertEquals(12, p.getLength());
        assertEquals(88, Rtcp.mediaSsrc(p.getBuffer(), 0));
    }
}
