package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RTCP XR (RFC 3611): the receiver's RRTR read, our DLRR written, broken packets ignored. */
class XrTest {
    /** An NTP time in 2026: seconds above 2^31, so the 64 bits read as a negative long. */
    private static final long NTP = 0xEC8A_1234_5678_9ABCL;

    /** Chromium's compound RTCP as a receive-only endpoint sends it: RR (one block), then XR with an RRTR. */
    private static byte[] receiverCompound() {
        byte[] b = new byte[64];
        int n = Rtcp.writeReceiverReportHeader(b, 0, 0x11111111, 1);
        n += new ReportBlock(0x22222222, 0, 0, 100, 0, 0, 0).write(b, n);
        assertEquals(32, n);
        b[32] = (byte) 0x80;
        b[33] = (byte) Xr.XR;
        Bytes.put16(b, 34, 4);             // 5 words
        Bytes.put32(b, 36, 0x11111111);
        b[40] = (byte) Xr.RRTR;
        Bytes.put16(b, 42, 2);
        Bytes.put32(b, 44, (int) (NTP >>> 32));
        Bytes.put32(b, 48, (int) NTP);
        return Arrays.copyOf(b, 52);
    }

    @Test
    void readsTheRrtrOfAReceiversCompoundPacket() {
        byte[] b = receiverCompound();
        int xr = Rtcp.length(b, 0, b.length);
        int n = Rtcp.length(b, xr, b.length);
        assertEquals(20, n);
        assertEquals(Xr.XR, Rtcp.type(b, xr));
        int block = Xr.rrtr(b, xr, n);
        assertEquals(xr + 8, block);
        assertEquals(NTP, Xr.rrtrNtp(b, block));
    }

    @Test
    void findsTheRrtrAfterOtherBlocksAndReportsNoneWithoutOne() {
        byte[] b = new byte[40];
        b[0] = (byte) 0x80;
        b[1] = (byte) Xr.XR;
        Bytes.put16(b, 2, 8);              // 9 words: header, a DLRR with one sub-block, an RRTR
        b[8] = (byte) Xr.DLRR;
        Bytes.put16(b, 10, 3);
        b[24] = (byte) Xr.RRTR;
        Bytes.put16(b, 26, 2);
        Bytes.put32(b, 28, 7);
        Bytes.put32(b, 32, 9);
        assertEquals(24, Xr.rrtr(b, 0, 36));
        assertEquals(0x0000_0007_0000_0009L, Xr.rrtrNtp(b, 24));
        assertEquals(Xr.NONE, Xr.rrtr(b, 0, 24), "a DLRR alone");
        assertEquals(Xr.NONE, Xr.rrtr(b, 0, 8), "no blocks at all");
    }

    @Test
    void brokenPacketsAreMalformedNeverThrown() {
        byte[] b = receiverCompound();
        int xr = 32;
        byte[] longBlock = b.clone();
        Bytes.put16(longBlock, xr + 10, 3);       // the RRTR claims a word more than the packet holds
        assertEquals(Xr.MALFORMED, Xr.rrtr(longBlock, xr, 20));
        byte[] shortRrtr = b.clone();
        Bytes.put16(shortRrtr, xr + 10, 1);       // an RRTR of one word, then a stray word
        assertEquals(Xr.MALFORMED, Xr.rrtr(shortRrtr, xr, 20));
        byte[] huge = b.clone();
        Bytes.put16(huge, xr + 10, 0xFFFF);
        assertEquals(Xr.MALFORMED, Xr.rrtr(huge, xr, 20));
        assertEquals(Xr.MALFORMED, Xr.rrtr(b, xr, 4), "no room for the sender SSRC");
        assertEquals(Xr.MALFORMED, Xr.rrtr(b, xr, 10), "half a block header");
        // every truncation and every byte value at every offset: an answer, never an exception
        for (int n = 0; n <= 20; n++) {
            Xr.rrtr(b, xr, n);
        }
        for (int at = xr; at < b.length; at++) {
            for (int v = 0; v < 256; v++) {
                byte[] c = b.clone();
                c[at] = (byte) v;
                int r = Xr.rrtr(c, xr, 20);
                assertTrue(r == Xr.NONE || r == Xr.MALFORMED || r == xr + 8, "offset " + at + " = " + v);
            }
        }
    }

    @Test
    void theDlrrEchoesTheRrtrsMiddleBitsAndTheDelayIn65536thsOfASecond() {
        byte[] b = new byte[32];
        int n = Xr.writeDlrr(b, 4, 0x01020304, 0x11111111, Rtcp.middleNtp(NTP),
                Xr.units(2_001_500_000_000L) - Xr.units(2_000_000_000_000L));
        assertEquals(Xr.DLRR_LENGTH, n);
        byte[] expected = {
                (byte) 0x80, (byte) 207, 0, 5, 1, 2, 3, 4,            // V=2, XR, 6 words, our SSRC
                5, 0, 0, 3,                                           // DLRR block, 3 words
                0x11, 0x11, 0x11, 0x11,                               // the receiver's SSRC
                0x12, 0x34, 0x56, 0x78,                               // LRR: middle 32 bits of its NTP time
                0, 1, (byte) 0x80, 0};                                // DLRR: 1.5 s
        assertArrayEquals(expected, Arrays.copyOfRange(b, 4, 4 + n));
        assertEquals(n, Rtcp.length(b, 4, b.length));
        assertEquals(Xr.NONE, Xr.rrtr(b, 4, n), "a well-formed XR without RRTR");
    }

    @Test
    void timesInUnitsOf65536thsOfASecondWrapAt32Bits() {
        assertEquals(65_536, Xr.units(1_000_000_000L));
        assertEquals(65, Xr.units(1_000_000L), "1 ms is 65.536 units");
        long day = 86_400_000_000_000L;
        assertEquals(65_536 * 86_400L % (1L << 32), Xr.units(day), "a day: modulo 2^32");
        // a delay across the wrap still comes out right
        long before = 65_536_000_000_000L - 10_000_000L;
        assertEquals(655, (Xr.units(before + 10_000_000L) - Xr.units(before)) & 0xFFFFFFFFL, 1.0);
    }
}
