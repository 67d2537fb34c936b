package org.nereid.media.rtp;

/**
 * RTP retransmission packets (RFC 4588, SSRC multiplexing): a resent packet travels on a
 * stream of its own (its SSRC, payload type and sequence numbers), with the original
 * sequence number (OSN) in the first two bytes of its payload, so a receiver's loss
 * statistics and rate estimate count the media stream alone.
 */
public final class Rtx {
    /** Bytes the OSN adds in front of the payload. */
    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /**
     * Turns the RTP packet in {@code b[off, off+len)} into its retransmission in place: the
     * payload moves up by {@value #OSN_LENGTH} bytes (the buffer must have them to spare), the
     * packet's sequence number goes in front of it, and {@code payloadType}, {@code ssrc} and
     * {@code seq} replace the header's; timestamp, marker and padding stay. Returns the new
     * length, or -1 when the header does not fit in {@code len}.
     */
    public static int encapsulate(byte[] b, int off, int len, int payloadType, int ssrc, int seq) {
        int header = Rtp.headerLength(b, off, len);
        if (header < 0 || header > len) {
            return -1;
        }
        int osn = Rtp.sequence(b, off);
        System.arraycopy(b, off + header, b, off + header + OSN_LENGTH, len - header);
        b[off + header] = (byte) (osn >>> 8);
        b[off + header + 1] = (byte) osn;
        Rtp.setPayloadType(b, off, payloadType);
        Rtp.setSsrc(b, off, ssrc);
        Rtp.setSequence(b, off, seq);
        return len + OSN_LENGTH;
    }
}
