package org.nereid.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.nereid.fuzz.FuzzTarget;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.srtp.PacketBuffer;

/**
 * Compound RTCP: read as the connections read what peers send (every packet of the compound,
 * report blocks, NACK pairs, PLI, FIR, REMB), then completed by {@link RtcpCompound} as the
 * transport completes what it sends. A completed packet must still be a proper compound: a
 * report first, an SDES, and packets whose lengths add up to the whole.
 */
class RtcpCompoundFuzzTest {
    private static final RtcpCompound COMPOUND = new RtcpCompound("nereid-fuzz-cname");

    @FuzzTest(maxDuration = "2s")
    void readsAndCompletes(byte[] input) {
        FuzzTarget.check(input, () -> {
            byte[] b = input.clone();
            walk(b, 0, b.length);
            if (b.length > PacketBuffer.CAPACITY - 64) {
                return;
            }
            PacketBuffer packet = new PacketBuffer().copyFrom(b, 0, b.length);
            byte[] before = Arrays.copyOf(packet.getBuffer(), b.length);
            if (!COMPOUND.complete(packet, 0x1234)) {
                assertEquals(b.length, packet.getLength());
                assertTrue(Arrays.equals(before, Arrays.copyOf(packet.getBuffer(), b.length)), "refused but changed");
                return;
            }
            byte[] out = packet.getBuffer();
            int end = packet.getOffset() + packet.getLength();
            int type = Rtcp.type(out, packet.getOffset());
            assertTrue(type == Rtcp.SR || type == Rtcp.RR, "starts with " + type);
            boolean sdes = false;
            int at = packet.getOffset();
            for (int n; at < end && (n = Rtcp.length(out, at, end)) > 0; at += n) {
                sdes |= Rtcp.type(out, at) == Rtcp.SDES;
            }
            assertTrue(sdes, "no SDES");
            if (Rtcp.length(b, 0, b.length) == b.length) {
                // a single well-formed packet in: the completed compound walks to its end
                assertEquals(end, at);
            }
        });
    }

    /** What DownConnection.onRtcp and UpConnection.onRtcp read from a peer's compound packet. */
    private static void walk(byte[] b, int from, int end) {
        for (int at = from, n; (n = Rtcp.length(b, at, end)) > 0; at += n) {
            int type = Rtcp.type(b, at);
            int format = Rtcp.format(b, at);
            if (type == Rtcp.SR && n >= Rtcp.SR_LENGTH) {
                Rtcp.senderSsrc(b, at);
                Bytes.u32(b, at + 16);
            }
            if (type == Rtcp.RR || type == Rtcp.SR) {
                for (int i = 0, block; (block = Rtcp.reportBlock(b, at, n, i)) >= 0; i++) {
                    ReportBlock.read(b, block).lossRatio();
                }
            } else if (type == Rtcp.PSFB && format == Rtcp.FMT_PLI && n >= 12) {
                Rtcp.mediaSsrc(b, at);
            } else if (type == Rtcp.PSFB && format == Rtcp.FMT_FIR && n >= 20) {
                Bytes.i32(b, at + 12);
            } else if (type == Rtcp.RTPFB && format == Rtcp.FMT_NACK && n >= 16) {
                for (int i = 0; i < Rtcp.nackPairs(n); i++) {
                    Rtcp.nackPair(b, at, i);
                }
            }
        }
    }
}
