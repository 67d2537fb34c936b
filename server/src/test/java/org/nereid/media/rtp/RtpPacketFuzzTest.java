package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nereid.fuzz.FuzzTarget;

/**
 * RTP packets from a publisher, read as the receive path reads them (UpConnection, UpTrack):
 * header checks, the mid and rid extensions, the extension block stripped, then the payload
 * looked at for keyframes of each video codec. The packet sits in an array of exactly its
 * length, so any read past its end fails instead of reading a stale byte of the buffer.
 */
class RtpPacketFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void readsWithinThePacket(byte[] b) {
        FuzzTarget.check(b, () -> {
            int len = b.length;
            if (!Rtp.isValid(b, 0, len)) {
                return;
            }
            for (int id = 1; id <= 15; id++) {
                Rtp.extensionString(b, 0, len, id);
            }
            Rtp.findExtension(b, 0, len, 255);
            int off = Rtp.stripExtension(b, 0, len);
            int n = len - off;
            assertTrue(off >= 0 && off + n <= len && n >= Rtp.FIXED_HEADER, "stripped to " + off + "+" + n);
            int header = Rtp.headerLength(b, off, n);
            int payload = Rtp.payloadLength(b, off, n);
            if (payload < 0) {
                return;
            }
            assertTrue(off + header + payload <= len, "payload past the end");
            for (String codec : new String[] {"vp8", "vp9", "h264", "av1", "opus"}) {
                Keyframes.test(codec, b, off + header, payload);
            }
        });
    }
}
