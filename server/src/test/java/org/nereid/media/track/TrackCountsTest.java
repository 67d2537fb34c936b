package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/** What up and down tracks count for statistics and receiver reports, through their real packet path. */
class TrackCountsTest {
    private static final long NTP = 0x1122334455667788L;

    private final RecordingSink publisher = new RecordingSink();
    private final RecordingSink receiver = new RecordingSink();
    private static final Codec VP8 = Codecs.allowed(List.of("vp8")).get(0);
    private final UpTrack up = new UpTrack("1", "h", VP8, 96, VP8.feedback(), publisher);
    private final DownTrack down = new DownTrack(up, 0x5151, receiver);

    TrackCountsTest() {
        up.latch(0xABCDEF, null);
        byte[] m = new byte[2 * (SrtpProfile.AEAD_AES_128_GCM.keyLength + SrtpProfile.AEAD_AES_128_GCM.saltLength)];
        down.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, m, true)));
    }

    private void receive(int seq) {
        byte[] p = new byte[112];
        p[0] = (byte) 0x80;
        p[1] = 96;
        Rtp.setSequence(p, 0, seq);
        Bytes.put32(p, 4, seq * 3000);
        Bytes.put32(p, 8, 0xABCDEF);
        p[12] = 0x10;
        up.receive(p, 0, p.length);
    }

    @Test
    void upTracksCountPayloadLossAndReportTheSendersLastReport() throws Exception {
        assertNull(up.report(System.nanoTime()), "no report before the first packet");
        for (int seq : new int[] {10, 11, 12, 15, 16}) {
            receive(seq);
        }
        assertEquals(5, up.packets());
        assertEquals(5 * 100, up.bytes(), "RTP payload bytes: 112 minus the 12-byte header");
        up.senderReport(NTP, 1234);
        Thread.sleep(20);
        ReportBlock block = up.report(System.nanoTime());
        assertEquals(0xABCDEF, block.ssrc());
        assertEquals(16, block.extendedHighest());
        assertEquals(2, block.cumulativeLost());
        assertEquals((2 << 8) / 7, block.fractionLost());
        assertEquals(0x33445566L, block.lsr());
        assertTrue(block.dlsr() >= 65536 * 20 / 1000 && block.dlsr() < 65536 * 5, "DLSR in 1/65536 s: " + block.dlsr());
    }

    @Test
    void bitratesAreSampledForTheTrackAndItsReceivers() throws Exception {
        long start = System.nanoTime();
        up.sampleRates(start);
        receive(1);
        receive(2);
        up.sampleRates(start + 1_000_000_000L);
        assertEquals(2 * 100 * 8, up.bitrate(), "payload bits over one second");
        assertEquals(2 * 100 * 8, down.bitrate());
        up.sampleRates(start + 2_000_000_000L);
        assertEquals(0, up.bitrate(), "nothing in the next second");
    }

    @Test
    void framesAreCountedByTheMarkerBitOncePerTimestamp() {
        long start = System.nanoTime();
        up.sampleRates(start);
        for (int frame = 0; frame < 10; frame++) {
            for (int part = 0; part < 3; part++) {
                byte[] p = new byte[112];
                p[0] = (byte) 0x80;
                p[1] = (byte) (96 | (part == 2 ? 0x80 : 0)); // the marker bit ends the frame
                Rtp.setSequence(p, 0, frame * 3 + part);
                Bytes.put32(p, 4, frame * 3000);
                Bytes.put32(p, 8, 0xABCDEF);
                p[12] = 0x10;
                up.receive(p, 0, p.length);
                if (frame == 4 && part == 2) {
                    up.receive(p, 0, p.length); // resent: the same frame end again
                }
            }
        }
        up.sampleRates(start + 2_000_000_000L);
        assertEquals(5.0, up.frameRate(), "ten frames in two seconds, the resent end not counted twice");
    }

    @Test
    void theReceiversReportGivesLossJitterAndTheRoundTripToOurSenderReport() throws Exception {
        int before = receiver.rtcp.size();
        up.senderReport(NTP, 1234);
        assertEquals(before + 1, receiver.rtcp.size(), "the publisher's first SR makes us send ours at once");
        down.sendSenderReport(NTP, System.nanoTime(), null);
        Thread.sleep(30);
        // the receiver held our SR 10 ms before reporting
        down.receiverReport(new ReportBlock(0x5151, 64, 3, 100, 90, Rtcp.middleNtp(NTP), 655), System.nanoTime());
        long rtt = down.rttNanos();
        assertTrue(rtt >= 15_000_000 && rtt < 2_000_000_000L, "RTT = now - sent - DLSR: " + rtt);
        assertEquals(64, down.lastReceiverReport().fractionLost());
        down.receiverReport(new ReportBlock(0x5151, 0, 3, 101, 90, 0xDEAD, 0), System.nanoTime());
        assertEquals(rtt, down.rttNanos(), "an LSR we never sent leaves the round trip as it was");
    }

    @Test
    void nacksAndKeyframeRequestsAreCounted() {
        receive(7);
        down.resend(7, System.nanoTime());
        down.resend(8, System.nanoTime());
        assertEquals(2, down.nacks());
        assertEquals(1, down.resent(), "only the cached packet is resent");
        assertEquals(1, down.notCached());
        long before = up.keyframeRequests();
        down.keyframeRequested();
        assertEquals(1, down.keyframeRequests());
        assertTrue(up.keyframeRequests() >= before, "passed on to the publisher (rate limited)");
    }
}
