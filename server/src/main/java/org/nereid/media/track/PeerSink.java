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

    /** The SSRC our own RTCP (PLI, REMB) comes from. */
    int rtcpSsrc();

    boolean isClosed();
}
