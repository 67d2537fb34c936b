package org.nereid.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.srtp.PacketBuffer;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {
    private static final int OWN = 0x0A0B0C0D;
    private final RtcpCompound compound = new RtcpCompound("nereid-1a2b");

    /** The packet types of a compound packet, in order; fails on a malformed one. */
    private static List<Integer> types(PacketBuffer p) {
        List<Integer> types = new ArrayList<>();
        int at = p.getOffset();
        int end = p.getOffset() + p.getLength();
        while (at < end) {
            int n = Rtcp.length(p.getBuffer(), at, end);
            assertTrue(n > 0, "well-formed at " + at);
            types.add(Rtcp.type(p.getBuffer(), at));
            at += n;
        }
        return types;
    }

    private static int offsetOf(PacketBuffer p, int type) {
        int at = p.getOffset();
        while (Rtcp.type(p.getBuffer(), at) != type) {
            at += Rtcp.length(p.getBuffer(), at, p.getOffset() + p.getLength());
        }
        return at;
    }

    /** The SDES chunk carries the given SSRC and the CNAME, ends with END and is padded. */
    private static void assertCname(PacketBuffer p, int ssrc) {
        byte[] b = p.getBuffer();
        int at = offsetOf(p, Rtcp.SDES);
        assertEquals(1, Rtcp.format(b, at), "one chunk");
        assertEquals(ssrc, Rtcp.senderSsrc(b, at));
        assertEquals(1, b[at + 8], "CNAME item");
        byte[] text = Arrays.copyOfRange(b, at + 10, at + 10 + b[at + 9]);
        assertEquals("nereid-1a2b", new String(text, StandardCharsets.US_ASCII));
        assertEquals(0, b[at + 10 + text.length], "END item");
        assertEquals(0, Rtcp.length(b, at, p.getOffset() + p.getLength()) % 4);
    }

    @Test
    void aSenderReportGetsTheCnameOfItsSsrc() {
        PacketBuffer p = new PacketBuffer();
        int n = Rtcp.writeSenderReport(p.getBuffer(), 0, 0x11223344, 1L << 40, 9000, 5, 500);
        p.wrap(p.getBuffer(), 0, n);
        byte[] sr = Arrays.copyOf(p.getBuffer(), n);
        assertTrue(compound.complete(p, OWN));
        assertEquals(List.of(Rtcp.SR, Rtcp.SDES), types(p));
        assertArrayEquals(sr, Arrays.copyOf(p.getBuffer(), n), "the report is unchanged");
        assertCname(p, 0x11223344);
    }

    @Test
    void aReceiverReportWithRembKeepsItsOrderAndGainsTheSdesAfterTheReport() {
        PacketBuffer p = new PacketBuffer();
        byte[] b = p.getBuffer();
        int at = Rtcp.writeReceiverReportHeader(b, 0, OWN, 0);
        at += Rtcp.writeRemb(b, at, OWN, 2_500_000, 0x55);
        p.wrap(b, 0, at);
        assertTrue(compound.complete(p, OWN));
        assertEquals(List.of(Rtcp.RR, Rtcp.SDES, Rtcp.PSFB), types(p));
        assertCname(p, OWN);
        assertEquals(Rtcp.FMT_REMB, Rtcp.format(b, offsetOf(p, Rtcp.PSFB)));
    }

    @Test
    void aLoneFeedbackPacketIsPrecededByAnEmptyReceiverReport() {
        PacketBuffer p = new PacketBuffer();
        byte[] b = p.getBuffer();
        p.wrap(b, 0, Rtcp.writePli(b, 0, OWN, 0x77));
        assertTrue(compound.complete(p, OWN));
        assertEquals(List.of(Rtcp.RR, Rtcp.SDES, Rtcp.PSFB), types(p));
        assertEquals(0, Rtcp.format(b, 0), "no report blocks");
        assertEquals(OWN, Rtcp.senderSsrc(b, 0));
        assertCname(p, OWN);
        int pli = offsetOf(p, Rtcp.PSFB);
        assertEquals(Rtcp.FMT_PLI, Rtcp.format(b, pli));
        assertEquals(0x77, Rtcp.mediaSsrc(b, pli));
    }

    @Test
    void aMalformedPacketIsLeftAlone() {
        PacketBuffer p = new PacketBuffer();
        Bytes.put32(p.getBuffer(), 0, 0x00C80006);    // version 0
        p.wrap(p.getBuffer(), 0, 8);
        assertFalse(compound.complete(p, OWN));
        assertEquals(8, p.getLength());
    }
}
