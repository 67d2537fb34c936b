package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Answering a receiver's RRTRs: the latest one, soon, at most every 100 ms; broken XR counted. */
class RrtrEchoTest {
    private static final long MS = 1_000_000L;

    private static byte[] xrWithRrtr(int ssrc, long ntp) {
        byte[] b = new byte[20];
        b[0] = (byte) 0x80;
        b[1] = (byte) Xr.XR;
        Bytes.put16(b, 2, 4);
        Bytes.put32(b, 4, ssrc);
        b[8] = (byte) Xr.RRTR;
        Bytes.put16(b, 10, 2);
        Bytes.put32(b, 12, (int) (ntp >>> 32));
        Bytes.put32(b, 16, (int) ntp);
        return b;
    }

    @Test
    void answersTheLatestRrtrWithItsTimeAndTheDelaySince() {
        RrtrEcho echo = new RrtrEcho();
        byte[] out = new byte[24];
        assertFalse(echo.due(0), "nothing to answer yet");
        byte[] rrtr = xrWithRrtr(0x0A0B0C0D, 0x0000_AAAA_BBBB_0000L);
        echo.xr(rrtr, 0, rrtr.length, 1_000 * MS);
        assertTrue(echo.due(1_010 * MS));
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, 1_010 * MS));
        assertEquals(7, Rtcp.senderSsrc(out, 0));
        assertEquals(0x0A0B0C0D, Bytes.i32(out, 12));
        assertEquals(0xAAAABBBBL, Bytes.u32(out, 16));
        assertEquals(655, Bytes.u32(out, 20), "10 ms in 1/65536 s");
        assertFalse(echo.due(1_500 * MS), "answered once");
        assertEquals(1, echo.received());
        assertEquals(1, echo.sent());
    }

    @Test
    void aBurstIsAnsweredAtMostEvery100MsWithTheNewestRrtr() {
        RrtrEcho echo = new RrtrEcho();
        byte[] out = new byte[24];
        byte[] first = xrWithRrtr(1, 0x0000_0001_0000_0000L);
        echo.xr(first, 0, first.length, 0);
        assertTrue(echo.due(0));
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, 0));
        for (int i = 1; i <= 4; i++) {
            byte[] rrtr = xrWithRrtr(1, 0x0000_0001_0000_0000L + ((long) i << 16));
            echo.xr(rrtr, 0, rrtr.length, i * 20 * MS);
            assertFalse(echo.due(i * 20 * MS), "within 100 ms of the last answer");
        }
        // the receiver's next packet, with or without an RRTR, carries the answer to the newest
        assertTrue(echo.due(130 * MS));
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, 130 * MS));
        assertEquals(0x0001_0004L, Bytes.u32(out, 16));
        assertEquals(50 * 65536 / 1000, Bytes.u32(out, 20), "50 ms since the newest arrived");
        assertEquals(5, echo.received());
        assertEquals(2, echo.sent());
    }

    @Test
    void brokenXrIsCountedAndLeavesThePendingAnswerAlone() {
        RrtrEcho echo = new RrtrEcho();
        byte[] good = xrWithRrtr(3, 0x0000_1234_5678_0000L);
        echo.xr(good, 0, good.length, 0);
        byte[] broken = xrWithRrtr(4, 0);
        Bytes.put16(broken, 10, 9);
        echo.xr(broken, 0, broken.length, MS);
        assertEquals(1, echo.malformed());
        byte[] out = new byte[24];
        assertTrue(echo.due(2 * MS));
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, 2 * MS));
        assertEquals(3, Bytes.i32(out, 12));
        assertEquals(0x12345678L, Bytes.u32(out, 16));
    }
}
