package org.nereid.media;

/**
 * Receives a copy of every packet of one up track (a recorder). Called on the
 * track's packet path: an implementation copies what it needs into a buffer
 * of its own, hands it off and returns; it never blocks and never throws.
 */
public interface PacketTap {
    /** An RTP packet (SRTP and header extensions removed); valid only during the call. */
    void rtp(byte[] packet, int offset, int length);

    /** The publisher's sender report for this track: NTP time (64 bits) and the matching RTP timestamp. */
    void senderReport(long ntpTime, long rtpTimestamp);
}
