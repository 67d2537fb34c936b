package org.nereid.media.track;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.srtp.PacketBuffer;

/** Where a track's packets leave: one peer connection, which protects and sends them. */
public interface PeerSink {
    /** Protects {@code packet} in place with {@code context} and sends it. */
    void sendRtp(SrtpCryptoContext context, PacketBuffer packet);

    /** Protects and sends RTCP we originate (sender SSRC {@link #rtcpSsrc()}). */
    void sendRtcp(PacketBuffer packet);

    /** Protects and sends RTCP on behalf of one of our media SSRCs. */
    void sendRtcp(SrtcpCryptoContext context, PacketBuffer packet);

    /**
     * Whether {@link #sendSegments} sends a batch in one system call now (UDP GSO on the
     * selected pair); when not, a batch would only be sent one packet at a time.
     */
    default boolean sendsSegments() {
        return false;
    }

    /**
     * Sends protected packets laid back to back in {@code b[0, len)}, each {@code segment}
     * bytes but the last, which may be shorter. Only where {@link #sendsSegments} said yes.
     */
    default void sendSegments(byte[] b, int len, int segment) {
        throw new UnsupportedOperationException("this sink sends packets one at a time");
    }

    /** The SSRC our own RTCP (PLI, REMB) comes from. */
    int rtcpSsrc();

    boolean isClosed();
}
