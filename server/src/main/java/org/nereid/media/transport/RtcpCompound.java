package org.nereid.media.transport;

import java.nio.charset.StandardCharsets;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.srtp.PacketBuffer;

/**
 * Makes the RTCP a connection originates a proper compound packet (RFC 3550
 * §6.1, RFC 4585 §3.1): a sender or receiver report first, then an SDES
 * with the connection's CNAME, then whatever else (feedback, REMB). Callers
 * write only what they mean (an SR, an RR with REMB, a lone PLI); the
 * transport completes it in place just before protecting it, so the receiver
 * can tie the SSRC to the CNAME announced in SDP (RFC 8108 leaves that to
 * the SDES).
 */
public final class RtcpCompound {
    private static final int CNAME = 1;

    /** The SDES item (type, length, text), written into every packet. */
    private final byte[] item;

    /** @param cname this connection's CNAME (ASCII, at most 255 bytes) */
    public RtcpCompound(String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255) {
            throw new IllegalArgumentException("a CNAME has at most 255 bytes");
        }
        item = new byte[2 + text.length];
        item[0] = CNAME;
        item[1] = (byte) text.length;
        System.arraycopy(text, 0, item, 2, text.length);
    }

    /**
     * Completes the packet in place: an empty receiver report from
     * {@code ownSsrc} in front when the packet does not start with SR or RR,
     * then the SDES chunk for the report's sender. Returns false (packet left
     * as it was) when it is malformed or the buffer has no room.
     */
    public boolean complete(PacketBuffer packet, int ownSsrc) {
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int len = packet.getLength();
        int first = Rtcp.length(b, off, off + len);
        if (first < 0) {
            return false;
        }
        int type = Rtcp.type(b, off);
        boolean report = type == Rtcp.SR || type == Rtcp.RR;
        int sdes = sdesLength();
        int added = (report ? 0 : 8) + sdes;
        // the SRTCP trailer (index and tag) still has to fit after it
        if (off + len + added + 64 > b.length) {
            return false;
        }
        int at = report ? off + first : off;
        System.arraycopy(b, at, b, at + added, off + len - at);
        int sender = ownSsrc;
        if (report) {
            sender = Rtcp.senderSsrc(b, off);
        } else {
            at += Rtcp.writeReceiverReportHeader(b, at, ownSsrc, 0);
        }
        writeSdes(b, at, sender, sdes);
        packet.setLength(len + added);
        return true;
    }

    /** Header, SSRC, the item, the END item, padded to 32 bits. */
    private int sdesLength() {
        return 8 + ((item.length + 1 + 3) & ~3);
    }

    private void writeSdes(byte[] b, int p, int ssrc, int length) {
        b[p] = (byte) (0x80 | 1);
        b[p + 1] = (byte) Rtcp.SDES;
        Bytes.put16(b, p + 2, length / 4 - 1);
        Bytes.put32(b, p + 4, ssrc);
        System.arraycopy(item, 0, b, p + 8, item.length);
        for (int i = p + 8 + item.length; i < p + length; i++) {
            b[i] = 0;       // END, then padding
        }
    }
}
