package org.nereid.media.track;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.nereid.media.srtp.PacketBuffer;

/** A test peer connection that only cares about the RTP it is given: RTCP goes nowhere. */
public abstract class RtpOnlySink implements PeerSink {
    @Override
    public void sendRtcp(PacketBuffer packet) {
    }

    @Override
    public void sendRtcp(SrtcpCryptoContext context, PacketBuffer packet) {
    }

    @Override
    public int rtcpSsrc() {
        return 1;
    }

    @Override
    public boolean isClosed() {
        return false;
    }
}
