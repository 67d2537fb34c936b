package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Receiver report encoding (RFC 3550 6.4.2) and report block fields, byte for byte. */
class ReportBlockTest {
    @Test
    void aReceiverReportWithOneBlockIsLaidOutAsTheRfcSays() {
        byte[] b = new byte[64];
        int n = Rtcp.writeReceiverReportHeader(b, 0, 0x01020304, 1);
        n += new ReportBlock(0x0A0B0C0D, 64, 300, 0x00012345L, 77, 0xAABBCCDDL, 0x00018000L).write(b, n);
        assertEquals(32, n);
        byte[] expected = {
                (byte) 0x81, (byte) 201, 0, 7, 1, 2, 3, 4,           // V=2 RC=1, RR, length 7 words, sender
                0x0A, 0x0B, 0x0C, 0x0D,                               // source
                64, 0, 0x01, 0x2C,                                    // fraction 64/256, cumulative 300
                0, 1, 0x23, 0x45,                                     // extended highest
                0, 0, 0, 77,                                          // jitter
                (byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD,   // LSR
                0, 1, (byte) 0x80, 0};                                // DLSR 1.5 s
        byte[] written = new byte[32];
        System.arraycopy(b, 0, written, 0, 32);
        assertArrayEquals(expected, written);
        assertEquals(32, Rtcp.length(b, 0, 64));
        assertEquals(8, Rtcp.reportBlock(b, 0, 32, 0));
        assertEquals(-1, Rtcp.reportBlock(b, 0, 32, 1));
    }

    @Test
    void blocksReadBackIncludingANegativeCumulativeLoss() {
        byte[] b = new byte[24];
        ReportBlock block = new ReportBlock(-5, 255, -3, 0xFFFFFFFFL, 1234, 1, 2);
        block.write(b, 0);
        assertEquals(block, ReportBlock.read(b, 0));
        assertEquals(255 / 256.0, block.lossRatio());
    }

    @Test
    void cumulativeLossIsClampedTo24Bits() {
        byte[] b = new byte[24];
        new ReportBlock(1, 0, 10_000_000, 0, 0, 0, 0).write(b, 0);
        assertEquals(0x7FFFFF, ReportBlock.read(b, 0).cumulativeLost());
        new ReportBlock(1, 0, -10_000_000, 0, 0, 0, 0).write(b, 0);
        assertEquals(-0x800000, ReportBlock.read(b, 0).cumulativeLost());
    }

    @Test
    void aSendersReportBlocksFollowItsSenderInfo() {
        byte[] b = new byte[80];
        int n = Rtcp.writeSenderReport(b, 0, 9, 0x1122334455667788L, 5, 6, 7);
        b[0] = (byte) 0x81; // one report block
        Bytes.put16(b, 2, (n + ReportBlock.LENGTH) / 4 - 1);
        new ReportBlock(42, 0, 0, 100, 0, 0, 0).write(b, n);
        assertEquals(Rtcp.SR_LENGTH, Rtcp.reportBlock(b, 0, n + 24, 0));
        assertEquals(42, ReportBlock.read(b, Rtcp.reportBlock(b, 0, n + 24, 0)).ssrc());
        assertEquals(0x33445566L, Rtcp.middleNtp(0x1122334455667788L));
    }
}
