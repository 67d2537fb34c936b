package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtxTest {
    /** A packet with one CSRC, the marker bit, 4 bytes of padding and a payload of 0x41... */
    private static byte[] packet() {
        byte[] p = new byte[16 + 10 + 4 + 20];
        p[0] = (byte) 0xA1; // version 2, padding, one CSRC
        p[1] = (byte) (0x80 | 96);
        Rtp.setSequence(p, 0, 0xFFFE);
        Bytes.put32(p, 4, 0x12345678);
        Bytes.put32(p, 8, 0xABCDEF);
        Bytes.put32(p, 12, 0x1111);
        Arrays.fill(p, 16, 26, (byte) 0x41);
        p[29] = 4;
        return Arrays.copyOf(p, 30);
    }

    @Test
    void movesThePayloadUpBehindTheOriginalSequenceNumberOnItsOwnStream() {
        byte[] original = packet();
        byte[] b = Arrays.copyOf(original, 64);
        int n = Rtx.encapsulate(b, 0, original.length, 97, 0x7777, 40_000);
        assertEquals(original.length + 2, n);
        assertEquals(97, Rtp.payloadType(b, 0));
        assertEquals(0x7777, Rtp.ssrc(b, 0));
        assertEquals(40_000, Rtp.sequence(b, 0));
        assertTrue(Rtp.marker(b, 0), "marker kept");
        assertEquals(0x12345678L, Rtp.timestamp(b, 0), "timestamp kept");
        assertEquals(0x1111, Bytes.i32(b, 12), "CSRC kept");
        assertEquals(16, Rtp.headerLength(b, 0, n));
        assertEquals(0xFFFE, ((b[16] & 0xFF) << 8) | (b[17] & 0xFF), "OSN first in the payload");
        assertArrayEquals(Arrays.copyOfRange(original, 16, 30), Arrays.copyOfRange(b, 18, 32),
                "then the original payload and its padding");
        assertEquals(12, Rtp.payloadLength(b, 0, n), "padding still counted from the last byte: OSN + payload");
    }

    @Test
    void refusesAHeaderLongerThanThePacket() {
        byte[] b = new byte[64];
        b[0] = (byte) 0x8F; // fifteen CSRCs in a 20-byte packet
        assertEquals(-1, Rtx.encapsulate(b, 0, 20, 97, 1, 1));
    }
}
