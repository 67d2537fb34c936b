package org.nereid.load.rtc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.utils.logging2.LoggerImpl;
import org.nereid.load.LoadException;
import org.nereid.media.dtls.DtlsEndpoint;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.rtp.PacketKind;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.transport.PeerTransport;
import org.nereid.media.transport.RtcpCompound;

/**
 * A client's peer connection: ICE from a socket of its own, then DTLS and
 * SRTP with the server's classes. The server's own transport cannot serve a
 * client: its shared-port sockets only answer checks, and a client must send
 * the first ones. The run's readers ({@link UdpReaders}, one thread per core)
 * take each datagram as it arrives and hand RTP over still protected, STUN to
 * ice4j.
 */
final class ClientTransport implements AutoCloseable, UdpReaders.Receiver {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final ClientMedia media;
    private final PeerTransport.Handler handler;
    private final Runnable onIceConnected;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final ChannelSocket socket;
    private final HostCandidate local;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PacketBuffer received = new PacketBuffer();
    private final int rtcpSsrc = RANDOM.nextInt() | 1;
    private final String cname = "load-" + Integer.toHexString(RANDOM.nextInt());
    private final RtcpCompound compound = new RtcpCompound(cname);
    private final List<RemoteCandidate> early = new ArrayList<>();
    private boolean started;
    private volatile DtlsEndpoint dtls;
    private volatile SrtpSession srtp;
    private volatile SrtcpCryptoContext rtcpContext;

    /**
     * @param controlling    whether we offered (the offerer controls ICE)
     * @param onIceConnected told when ICE has a path (before DTLS starts)
     */
    ClientTransport(String name, ClientMedia media, boolean controlling, PeerTransport.Handler handler,
                    Runnable onIceConnected) throws LoadException {
        this.name = name;
        this.media = media;
        this.handler = handler;
        this.onIceConnected = onIceConnected;
        try {
            agent = new Agent(new LoggerImpl(ClientTransport.class.getName()));
            agent.setUseDynamicPorts(false);
            agent.setControlling(controlling);
            agent.setPerformConsentFreshness(true);
            agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_HOST_OR_REFLEXIVE_VALID);
            agent.addStateChangeListener(e -> {
                if (Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
                    iceState((IceProcessingState) e.getNewValue());
                }
            });
            stream = agent.createMediaStream("media");
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
            // ice4j's own host harvester skips loopback, so the candidate is made by hand
            socket = new ChannelSocket(InetAddress.getByName(media.bindAddress));
            local = new HostCandidate(socket, component, Transport.UDP);
            component.addLocalCandidate(local);
            // ice4j's STUN stack reads what our reader hands the socket, and sends through it
            local.getStunStack().addSocket(socket);
        } catch (IOException | RuntimeException e) {
            throw new LoadException("The tool cannot open a UDP socket for " + name + ": " + e.getMessage(), e);
        }
        media.readers.add(socket.channel(), this);
    }

    String localUfrag() {
        return agent.getLocalUfrag();
    }

    String localPassword() {
        return agent.getLocalPassword();
    }

    /** Our one host candidate, as the value of an SDP a=candidate line (without "candidate:", which the line has). */
    List<String> localCandidates() {
        TransportAddress a = local.getTransportAddress();
        return List.of(local.getFoundation() + " 1 udp " + local.getPriority() + " "
                + a.getHostAddress() + " " + a.getPort() + " typ host generation 0");
    }

    int rtcpSsrc() {
        return rtcpSsrc;
    }

    String cname() {
        return cname;
    }

    SrtpSession srtp() {
        return srtp;
    }

    /** Starts ICE with the server's credentials and candidates; DTLS follows. */
    synchronized void start(String ufrag, String password, List<String> candidates, boolean dtlsServer,
                            RemoteFingerprint fingerprint) {
        if (closed.get()) {
            return;
        }
        dtls = new DtlsEndpoint(dtlsServer, fingerprint, component::send, media.threads.io,
                () -> close("the server closed DTLS"));
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
        for (String c : candidates) {
            RemoteCandidate rc = parse(c);
            if (rc != null) {
                component.addRemoteCandidate(rc);
            }
        }
        early.forEach(component::addRemoteCandidate);
        early.clear();
        started = true;
        agent.startConnectivityEstablishment();
    }

    /** A trickled candidate; TCP, mDNS and IPv6 ones are ignored (we only speak UDP over IPv4). */
    synchronized void addRemoteCandidate(String candidate) {
        RemoteCandidate rc = parse(candidate);
        if (rc == null || closed.get()) {
            return;
        }
        if (started) {
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
        } else {
            early.add(rc);
        }
    }

    /** An SDP candidate line as ice4j's candidate, or null for what we cannot use. */
    private RemoteCandidate parse(String sdp) {
        String[] f = sdp.replaceFirst("^(a=)?(candidate:)?", "").trim().split(" +");
        if (f.length < 8 || !f[1].equals("1") || !f[2].equalsIgnoreCase("udp") || !f[4].matches("[0-9.]+")) {
            return null;
        }
        try {
            // ice4j knows the SDP names (host, srflx, prflx, relay)
            return new RemoteCandidate(new TransportAddress(f[4], Integer.parseInt(f[5]), Transport.UDP), component,
                    CandidateType.parse(f[7]), f[0], Long.parseLong(f[3]), null);
        } catch (IllegalArgumentException e) {
            return null;        // a number that is not one, or an unknown type
        }
    }

    private void iceState(IceProcessingState state) {
        if (state == IceProcessingState.COMPLETED) {
            onIceConnected.run();
            media.threads.io.execute(this::handshake);
        } else if (state == IceProcessingState.FAILED) {
            media.threads.timer.execute(() -> close("ICE failed: no path to the server"));
        }
    }

    private void handshake() {
        try {
            SrtpKeys keys = dtls.handshake();
            SrtpSession session = new SrtpSession(keys);
            rtcpContext = session.sendControlContext(rtcpSsrc);
            srtp = session;
            handler.onSecured(session);
        } catch (IOException | RuntimeException e) {
            close("the DTLS handshake failed: " + e.getMessage());
        }
    }

    /** Reader thread: each datagram as the socket gives it, STUN to ice4j. */
    @Override
    public void received(byte[] b, int len, InetSocketAddress from) {
        PacketKind kind = PacketKind.of(b, 0, len);
        DtlsEndpoint d = dtls;
        SrtpSession s = srtp;
        if (kind == PacketKind.STUN) {
            socket.offerStun(b, len, from);
        } else if (kind == PacketKind.DTLS && d != null) {
            d.deliver(b, 0, len);
        } else if (kind == PacketKind.RTP && s != null) {
            handler.onRtp(received.wrap(b, 0, len));
        } else if (kind == PacketKind.RTCP && s != null) {
            PacketBuffer p = received.wrap(b, 0, len);
            if (s.unprotectRtcp(p)) {
                handler.onRtcp(p);
            }
        }
    }

    @Override
    public void failed(IOException e) {
        if (!closed.get()) {
            close("the socket failed: " + e.getMessage());
        }
    }

    void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
        if (SrtpSession.protect(context, packet)) {
            send(packet);
        }
    }

    /** Sends RTCP from the connection's own SSRC (receiver reports, NACKs). */
    void sendRtcp(PacketBuffer packet) {
        SrtcpCryptoContext context = rtcpContext;
        if (context != null) {
            sendRtcp(context, packet);
        }
    }

    /** Sends RTCP about a track we send (sender reports), with its SDES. */
    void sendRtcp(SrtcpCryptoContext context, PacketBuffer packet) {
        compound.complete(packet, rtcpSsrc);
        if (SrtpSession.protect(context, packet)) {
            send(packet);
        }
    }

    private void send(PacketBuffer packet) {
        try {
            component.send(packet.getBuffer(), packet.getOffset(), packet.getLength());
        } catch (IOException e) {
            // no selected pair yet, or closing: lost like any UDP packet
        }
    }

    /** Closes because of {@code reason} and tells the handler once. */
    void close(String reason) {
        if (release()) {
            handler.onClosed(reason);
        }
    }

    @Override
    public void close() {
        release();
    }

    private boolean release() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        agent.free();
        socket.close();
        return true;
    }
}
