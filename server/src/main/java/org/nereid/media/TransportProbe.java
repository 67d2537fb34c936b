package org.nereid.media;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.sdp.MediaSection;
import org.nereid.media.sdp.SdpParser;
import org.nereid.media.sdp.SdpWriter;
import org.nereid.media.sdp.SessionDescription;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.transport.PeerTransport;

/**
 * A transport-only peer connection on the SFU's real media sockets, for a
 * browser to find out whether a path reaches them: ICE then DTLS, offering only
 * the host candidates of one transport (UDP or TCP), and nothing else — no
 * tracks, no group, every packet after DTLS dropped. It closes itself
 * {@link #LINGER_SECONDS} after DTLS completes (the browser has seen it connect by
 * then), after {@link #LIFETIME_SECONDS} in any case, or when its owner closes it.
 */
public final class TransportProbe implements AutoCloseable {
    /** Long enough for ICE and DTLS over a slow relay; a probe never lives longer. */
    public static final long LIFETIME_SECONDS = 20;
    /** How long a probe that completed stays up, so the browser sees it connected. */
    static final long LINGER_SECONDS = 3;

    /** Which of the SFU's host candidates the answer offers. */
    public enum Candidates { UDP, TCP }

    private final PeerTransport transport;
    private final ScheduledExecutorService timer;
    private final String answer;
    private volatile boolean secured;

    private TransportProbe(Sfu sfu, String name, SessionDescription offer, Candidates which) throws MediaException {
        this.timer = sfu.threads().timer;
        MediaSection first = Negotiation.checkBundle(offer);
        if (first.fingerprint() == null || first.iceUfrag().isEmpty() || first.icePwd().isEmpty()) {
            throw new MediaException("The offer has no ICE credentials or DTLS fingerprint.");
        }
        try {
            transport = new PeerTransport(name, sfu.host(), false, sfu.threads(), new Dropper());
        } catch (IOException e) {
            throw new MediaException("No media port is free for the probe: " + e.getMessage(), e);
        }
        String protocol = which == Candidates.TCP ? " tcp " : " udp ";
        List<String> ours = transport.ice().localCandidates().stream().filter(c -> c.contains(protocol)).toList();
        if (ours.isEmpty()) {
            transport.close();
            throw new MediaException(which == Candidates.TCP ? "ICE over TCP is off on this server (-ice-tcp)."
                    : "This server has no UDP media candidate.");
        }
        String setup = first.setup().equals("passive") ? "active" : "passive";
        MediaSection answered = new MediaSection(first.kind(), 9, first.proto(), first.mid(), "inactive",
                transport.ice().localUfrag(), transport.ice().localPassword(), UpConnection.ourFingerprint(), setup,
                first.rtcpMux(), first.codecs().isEmpty() ? List.of() : List.of(first.codecs().get(0)), Map.of(),
                List.of(), List.of(), List.of(), "", "", ours);
        List<MediaSection> sections = offer.media().stream()
                .map(m -> m == first ? answered : Negotiation.rejected(m)).toList();
        answer = SdpWriter.write(new SessionDescription(List.of(first.mid()), sections), Negotiation.sessionId(), 1);
        transport.start(first.iceUfrag(), first.icePwd(), first.candidates(), setup.equals("passive"),
                new RemoteFingerprint(first.fingerprint().algorithm(), first.fingerprint().value()));
        timer.schedule((Runnable) transport::close, LIFETIME_SECONDS, TimeUnit.SECONDS);
    }

    /** Answers a browser's offer on the SFU's sockets; the probe runs until it expires or is closed. */
    static TransportProbe open(Sfu sfu, String name, String offerSdp, Candidates which) throws MediaException {
        return new TransportProbe(sfu, name, SdpParser.parse(offerSdp), which);
    }

    /** The SDP answer: our ICE credentials, fingerprint and the chosen transport's host candidates. */
    public String answer() {
        return answer;
    }

    /** Whether ICE and DTLS completed: the path carries the browser's packets both ways. */
    public boolean secured() {
        return secured;
    }

    public boolean isClosed() {
        return transport.isClosed();
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Takes nothing from the probe's peer but the news that DTLS is done. */
    private final class Dropper implements PeerTransport.Handler {
        @Override
        public void onRtp(PacketBuffer packet) {
        }

        @Override
        public void onRtcp(PacketBuffer packet) {
        }

        @Override
        public void onSecured(SrtpSession srtp) {
            secured = true;
            timer.schedule((Runnable) transport::close, LINGER_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void onPathLost() {
        }

        @Override
        public void onClosed(String reason) {
        }
    }
}
