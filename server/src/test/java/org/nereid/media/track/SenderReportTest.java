package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.RrtrEcho;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.rtp.Xr;
import org.nereid.media.srtp.PacketBuffer;

/**
 * The down track's RTCP sender reports, between real SRTP sessions: regenerated from the
 * publisher's clock with the track's own SSRC, time and counts, and carrying the DLRR that answers
 * the receiver's RRTR (from the track's SSRC), by which a receive-only Chromium learns its round trip.
 */
class SenderReportTest extends TrackFixture {
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
}
