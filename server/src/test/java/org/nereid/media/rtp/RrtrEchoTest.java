package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Answering a receiver's RRTRs: the latest one, with the delay since it came; stale and broken ones not. */
class RrtrEchoTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 3_600_000 * MS;

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

    /** An echo that got the RRTR of {@code ssrc} stamped {@code ntp} at T0. */
    private static RrtrEcho receivedAtT0(int ssrc, long ntp) {
        RrtrEcho echo = new RrtrEcho();
        byte[] rrtr = xrWithRrtr(ssrc, ntp);
        echo.xr(rrtr, 0, rrtr.length, T0);
        return echo;
    }

    @Test
    void answersTheLatestRrtrWithItsTimeAndTheDelaySince() {
        byte[] out = new byte[24];
        assertEquals(0, new RrtrEcho().write(out, 0, 7, T0), "nothing to answer yet");
        RrtrEcho echo = receivedAtT0(0x0A0B0C0D, 0x0000_AAAA_BBBB_0000L);
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, T0 + 10 * MS));
        assertEquals(7, Rtcp.senderSsrc(out, 0));
        assertEquals(0x0A0B0C0D, Bytes.i32(out, 12));
        assertEquals(0xAAAABBBBL, Bytes.u32(out, 16));
        assertEquals(655, Bytes.u32(out, 20), 1.0, "10 ms in 1/65536 s");
        // a later report answers it again, the delay grown: the round trip comes out the same
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, T0 + 510 * MS));
        assertEquals(0xAAAABBBBL, Bytes.u32(out, 16));
        assertEquals(510 * 65536 / 1000, Bytes.u32(out, 20), 1.0);
        byte[] next = xrWithRrtr(0x0A0B0C0D, 0x0000_AAAB_0000_0000L);
        echo.xr(next, 0, next.length, T0 + 800 * MS);
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, T0 + 1_000 * MS));
        assertEquals(0xAAAB0000L, Bytes.u32(out, 16), "the newest");
        assertEquals(200 * 65536 / 1000, Bytes.u32(out, 20), 1.0);
        assertEquals(2, echo.received());
        assertEquals(3, echo.sent());
    }

    @Test
    void anRrtrOlderThanFiveSecondsIsNoLongerAnswered() {
        RrtrEcho echo = receivedAtT0(1, 0x0000_0001_0000_0000L);
        byte[] out = new byte[24];
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, T0 + 4_900 * MS));
        assertEquals(0, echo.write(out, 0, 7, T0 + 5_100 * MS));
        assertEquals(1, echo.sent());
    }

    @Test
    void brokenXrIsCountedAndLeavesTheLatestRrtrAlone() {
        RrtrEcho echo = receivedAtT0(3, 0x0000_1234_5678_0000L);
        byte[] broken = xrWithRrtr(4, 0);
        Bytes.put16(broken, 10, 9);
        echo.xr(broken, 0, broken.length, T0 + MS);
        assertEquals(1, echo.malformed());
        assertEquals(1, echo.received());
        byte[] out = new byte[24];
        assertEquals(Xr.DLRR_LENGTH, echo.write(out, 0, 7, T0 + 2 * MS));
        assertEquals(3, Bytes.i32(out, 12));
        assertEquals(0x12345678L, Bytes.u32(out, 16));
    }
}
