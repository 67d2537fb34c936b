package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/** Records what a peer connection would send, protected with the real contexts. */
final class RecordingSink implements PeerSink {
    final List<byte[]> rtp = new ArrayList<>();
    final List<byte[]> rtcp = new ArrayList<>();

    @Override
    public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
        assertTrue(SrtpSession.protect(context, packet));
        rtp.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
    }

    @Override
    public void sendRtcp(PacketBuffer packet) {
        rtcp.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
    }

    @Override
    public void sendRtcp(SrtcpCryptoContext context, PacketBuffer packet) {
        assertTrue(SrtpSession.protect(context, packet));
        rtcp.add(Arrays.copyOfRange(packet.getBuffer(), packet.getOffset(), packet.getOffset() + packet.getLength()));
    }

    @Override
    public int rtcpSsrc() {
        return 99;
    }

    @Override
    public boolean isClosed() {
        return false;
    }
}
