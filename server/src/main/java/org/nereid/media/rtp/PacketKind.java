package org.nereid.media.rtp;

/** What a datagram on a WebRTC 5-tuple is, by its first bytes (RFC 7983). */
public enum PacketKind {
    STUN, DTLS, RTP, RTCP, OTHER;

    public static PacketKind of(byte[] buf, int off, int len) {
        if (len < 1) {
            return OTHER;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 <= 3) {
            return STUN;
        }
        if (b0 >= 20 && b0 <= 63) {
            return DTLS;
        }
        if (b0 >= 128 && b0 <= 191 && len >= 2) {
            int pt = buf[off + 1] & 0xFF;
            return pt >= 192 && pt <= 223 ? RTCP : RTP;
        }
        return OTHER;
    }
}
