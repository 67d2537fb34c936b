package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtpTest {
    /** An RTP packet with a one-byte extension block (mid "1" as id 4, rid "h" as id 10) and 4 payload bytes. */
    static byte[] packetWithExtensions() {
        return new byte[] {
            (byte) 0x90, (byte) 0xE0, 0x12, 0x34, // V=2 X=1, M=1 PT=96, seq 0x1234
            0, 0, 0x10, 0, // timestamp 4096
            0x11, 0x22, 0x33, 0x44, // SSRC
            (byte) 0xBE, (byte) 0xDE, 0, 1, // one-byte extensions, 1 word
            0x40, '1', (byte) 0xA0, 'h', // id 4 len 1 "1", id 10 len 1 "h"
            1, 2, 3, 4,
        };
    }

    @Test
    void readsTheFixedHeader() {
        byte[] p = packetWithExtensions();
        assertTrue(Rtp.isValid(p, 0, p.length));
        assertEquals(96, Rtp.payloadType(p, 0));
        assertTrue(Rtp.marker(p, 0));
        assertEquals(0x1234, Rtp.sequence(p, 0));
        assertEquals(4096, Rtp.timestamp(p, 0));
        assertEquals(0x11223344, Rtp.ssrc(p, 0));
        assertEquals(20, Rtp.headerLength(p, 0, p.length));
        assertEquals(4, Rtp.payloadLength(p, 0, p.length));
    }

    @Test
    void findsMidAndRidExtensions() {
        byte[] p = packetWithExtensions();
        assertEquals("1", Rtp.extensionString(p, 0, p.length, 4));
        assertEquals("h", Rtp.extensionString(p, 0, p.length, 10));
        assertNull(Rtp.extensionString(p, 0, p.length, 3));
        assertNull(Rtp.extensionString(p, 0, p.length, 0));
    }

    @Test
    void stripsTheExtensionBlockKeepingHeaderAndPayload() {
        byte[] p = packetWithExtensions();
        int off = Rtp.stripExtension(p, 0, p.length);
        int len = p.length - off;
        assertEquals(8, off);
        assertEquals(16, len);
        assertEquals(0x80, p[off] & 0xFF, "X bit cleared");
        assertEquals(0x1234, Rtp.sequence(p, off));
        assertEquals(0x11223344, Rtp.ssrc(p, off));
        assertEquals(12, Rtp.headerLength(p, off, len));
        assertEquals(1, p[off + 12]);
        assertEquals(off, Rtp.stripExtension(p, off, len), "nothing more to strip");
    }

    @Test
    void rewritesSsrcAndPayloadTypeKeepingTheMarker() {
        byte[] p = packetWithExtensions();
        Rtp.setSsrc(p, 0, 0xCAFEBABE);
        Rtp.setPayloadType(p, 0, 100);
        assertEquals(0xCAFEBABE, Rtp.ssrc(p, 0));
        assertEquals(100, Rtp.payloadType(p, 0));
        assertTrue(Rtp.marker(p, 0));
    }

    @Test
    void refusesTruncatedOrForeignPackets() {
        byte[] p = packetWithExtensions();
        assertFalse(Rtp.isValid(p, 0, 14), "the extension block does not fit");
        assertFalse(Rtp.isValid(new byte[12], 0, 12), "version 0");
        byte[] padded = {(byte) 0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9, 0, 3};
        assertEquals(1, Rtp.payloadLength(padded, 0, padded.length), "padding excluded");
        padded[15] = 50;
        assertEquals(-1, Rtp.payloadLength(padded, 0, padded.length));
    }

    @Test
    void demultiplexesByFirstByte() {
        assertEquals(PacketKind.STUN, PacketKind.of(new byte[] {0, 1}, 0, 2));
        assertEquals(PacketKind.DTLS, PacketKind.of(new byte[] {22, (byte) 0xFE}, 0, 2));
        assertEquals(PacketKind.RTP, PacketKind.of(new byte[] {(byte) 0x80, 96}, 0, 2));
        assertEquals(PacketKind.RTP, PacketKind.of(new byte[] {(byte) 0x80, (byte) 0xE0}, 0, 2), "marker + PT 96");
        assertEquals(PacketKind.RTCP, PacketKind.of(new byte[] {(byte) 0x80, (byte) 200}, 0, 2));
        assertEquals(PacketKind.RTCP, PacketKind.of(new byte[] {(byte) 0x81, (byte) 206}, 0, 2));
        assertEquals(PacketKind.OTHER, PacketKind.of(new byte[] {70}, 0, 1), "TURN channel");
        assertEquals(PacketKind.OTHER, PacketKind.of(new byte[0], 0, 0));
    }

    @Test
    void writesRtcpThatReadsBack() {
        byte[] b = new byte[64];
        int n = Rtcp.writePli(b, 0, 7, 0x55667788);
        assertEquals(12, n);
        assertEquals(n, Rtcp.length(b, 0, n));
        assertEquals(Rtcp.PSFB, Rtcp.type(b, 0));
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(b, 0));
        assertEquals(7, Rtcp.senderSsrc(b, 0));
        assertEquals(0x55667788, Rtcp.mediaSsrc(b, 0));

        n = Rtcp.writeSenderReport(b, 0, 9, 0x0102030405060708L, 0xF0000000L, 5, 500);
        assertEquals(28, Rtcp.length(b, 0, 64));
        assertEquals(0x01020304, Bytes.i32(b, 8));
        assertEquals(0x05060708, Bytes.i32(b, 12));
        assertEquals(0xF0000000L, Bytes.u32(b, 16));
        assertEquals(500, Bytes.i32(b, 24));

        int remb = Rtcp.writeRemb(b, 0, 9, 2_500_000, 3);
        assertEquals(remb, Rtcp.length(b, 0, 64));
        int exp = (b[17] & 0xFC) >> 2;
        long mantissa = ((b[17] & 3L) << 16) | Bytes.u16(b, 18);
        assertEquals(2_500_000, mantissa << exp, 2_500_000 / 100_000.0 * 4);
        assertEquals("REMB", new String(b, 12, 4, StandardCharsets.US_ASCII));
        assertEquals(-1, Rtcp.length(b, 0, 10), "truncated");
    }

    @Test
    void readsTheSequenceNumbersANackAsksFor() {
        byte[] b = new byte[64];
        Rtcp.writeNack(b, 0, 1, 2, 65534, 0b101);
        assertEquals(1, Rtcp.nackPairs(16));
        int pair = Rtcp.nackPair(b, 0, 0);
        assertEquals(65534, pair & 0xFFFF);
        assertEquals(0b101, pair >>> 16, "65535 and 1: the bitmap wraps around with the numbers");
    }

    @Test
    void packsSequenceNumbersIntoAsFewNackPairsAsTheyFit() {
        byte[] b = new byte[64];
        int[] seqs = {65530, 65535, 3, 30, 47, 48};
        int n = Rtcp.writeNack(b, 0, 1, 2, seqs, seqs.length, 8);
        assertEquals(12 + 4 * 3, n);
        assertEquals(n, Rtcp.length(b, 0, n));
        assertEquals(Rtcp.RTPFB, Rtcp.type(b, 0));
        assertEquals(Rtcp.FMT_NACK, Rtcp.format(b, 0));
        assertEquals(2, Rtcp.mediaSsrc(b, 0));
        assertEquals(65530 | (1 << 4 | 1 << 8) << 16, Rtcp.nackPair(b, 0, 0), "65535 and 3 ride on 65530's bitmap");
        assertEquals(30, Rtcp.nackPair(b, 0, 1), "47 is 17 after 30: beyond its bitmap");
        assertEquals(47 | 1 << 16, Rtcp.nackPair(b, 0, 2));
        assertEquals(12 + 4 * 2, Rtcp.writeNack(b, 0, 1, 2, seqs, seqs.length, 2), "at most the pairs allowed");
    }

    @Test
    void addsAThreeByteExtensionAfterTheCsrcsAndMovesThePayloadOn() {
        byte[] p = new byte[64];
        byte[] withExt = packetWithExtensions();
        int len = 12 + 4 + 5;
        System.arraycopy(withExt, 0, p, 0, 12);
        p[0] = (byte) 0xA1;                             // padding, one CSRC, no extension
        p[12] = 0x55;                                   // the CSRC's first byte
        p[16] = 9;                                      // payload 9, 8, 7 ...
        p[17] = 8;
        p[18] = 7;
        p[19] = 0;
        p[len - 1] = 2;                                 // two bytes of padding
        int n = Rtp.addExtension3(p, 0, len, 5, 0x008FFF);
        assertEquals(len + 8, n);
        assertEquals(0x10, p[0] & 0x10, "X bit set");
        assertEquals(0x01, p[0] & 0x0F, "CSRC count kept");
        assertEquals(0x55, p[12], "CSRC untouched");
        assertEquals(24, Rtp.headerLength(p, 0, n));
        assertEquals(9, p[24], "payload moved on by 8 bytes");
        assertEquals(3, Rtp.payloadLength(p, 0, n), "9, 8, 7: the padding still counted from the end");
        long found = Rtp.findExtension(p, 0, n, 5);
        assertEquals(3, (int) found);
        int at = (int) (found >>> 32);
        assertEquals(0x00, p[at]);
        assertEquals((byte) 0x8F, p[at + 1]);
        assertEquals((byte) 0xFF, p[at + 2]);
    }

    @Test
    void addsNoExtensionToAPacketThatHasOneOrWhereThereIsNoRoom() {
        byte[] p = packetWithExtensions();
        byte[] copy = p.clone();
        assertEquals(p.length, Rtp.addExtension3(p, 0, p.length, 5, 1), "an extension block already there");
        assertEquals(java.util.Arrays.toString(copy), java.util.Arrays.toString(p));
        byte[] full = new byte[20];
        full[0] = (byte) 0x80;
        assertEquals(20, Rtp.addExtension3(full, 0, 20, 5, 1), "no room for 8 more bytes");
        assertEquals(0, full[0] & 0x10);
    }
}
