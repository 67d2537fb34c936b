package org.nereid.media.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.util.BufferHandler;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * ICE for one peer connection: an ice4j agent with one component on the
 * shared port or on this connection's own port of the range, consent
 * freshness on, and packets pushed to a handler on the harvester's receive
 * thread. ice4j cannot restart an agent, so an ICE restart is a new
 * IceTransport on the same lease (the harvesters tell agents apart by ufrag).
 *
 * <p>Sending skips ice4j's {@code Component.send} once a pair is selected: that
 * looks the local candidate's socket up in a map keyed by the remote address
 * and allocates a {@code DatagramPacket}, for every packet. Here the selected
 * pair's socket and remote address are resolved once ({@link Route}) and each
 * thread reuses one packet. The socket is ice4j's own wrapper, so what it does
 * stays: the shared port's send sockets for UDP (a TURN-relayed remote is a UDP
 * address like any other: we relay for browsers, we never allocate on a TURN
 * server), the RFC 4571 framing of {@link IceTcpConnection} for ICE-TCP.
 * Consent freshness and keep-alives are ice4j's STUN traffic and never went
 * through {@code Component.send}.
 *
 * <p>A batch of packets ({@link #sendSegments}), or a single one, leaves through the shared
 * port's {@link GsoSender} when the selected pair is a host UDP candidate of that port and the
 * peer's candidate is not a relay, in one system call with the sending thread's batches to
 * other receivers ({@link Outbox}); otherwise one by one as above.
 */
public final class IceTransport implements AutoCloseable {
    /** One per sending thread (workers, the DTLS and timer threads): set, sent, reused. */
    private static final ThreadLocal<DatagramPacket> PACKET =
            ThreadLocal.withInitial(() -> new DatagramPacket(new byte[0], 0));
    /**
     * Pace of our connectivity checks (RFC 8445's Ta; ice4j's default is 20 ms). Our first
     * check on the shared port cannot go out before the peer's arrives, so a join waits for
     * two paced ones (the triggered check, then the nomination). At 5 ms, the RFC's floor,
     * our ICE step of a lone join fell from ~35 to ~26 ms (docs/benchmarks.md, Session 6).
     */
    static final long CHECK_PACE_MILLIS = 5;

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final IceTcpListener tcp;
    private final List<ReachingUdpHarvester> udp;
    private final GsoSender gso;
    /** Whether this agent opens its paths to the peer's candidates itself (see {@link #reachFirst}). */
    private boolean reachFirst;
    /** The peer's addresses this agent has a path to, so that none is opened twice (which would cut it). */
    private final Set<InetSocketAddress> reached = new HashSet<>();
    private final List<RemoteCandidate> pending = new ArrayList<>();
    private volatile String remoteUfrag;
    private boolean started;
    private volatile boolean closed;
    /** Where packets go: resolved for the selected pair on the first send after it is chosen. */
    private volatile Route route;

    /**
     * @param ports       the sockets to use; the caller keeps and closes them
     * @param controlling true when we offered (ICE roles follow the offer)
     * @param onState     told of each state change of this agent, on an ice4j thread
     */
    public IceTransport(IceHost.Lease ports, boolean controlling, BufferHandler packets,
                        BiConsumer<IceTransport, IceProcessingState> onState) throws IOException {
        agent = new Agent(new LoggerImpl(IceTransport.class.getName()));
        agent.setUseDynamicPorts(false);
        agent.setTa(CHECK_PACE_MILLIS);
        udp = ports.harvesters();
        gso = ports.gso();
        for (ReachingUdpHarvester h : udp) {
            agent.addCandidateHarvester(h);
        }
        tcp = ports.tcp();
        if (tcp != null) {
            agent.addCandidateHarvester(tcp);
        }
        agent.setControlling(controlling);
        agent.setPerformConsentFreshness(true);
        agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_HOST_OR_REFLEXIVE_VALID);
        agent.addStateChangeListener(e -> {
            if (Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
                onState.accept(this, (IceProcessingState) e.getNewValue());
            }
        });
        stream = agent.createMediaStream("media");
        try {
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        component.setBufferCallback(packets);
    }

    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    public String localPassword() {
        return agent.getLocalPassword();
    }

    /** The peer's ufrag, once started; null before. */
    public String remoteUfrag() {
        return remoteUfrag;
    }

    /**
     * Our host candidates as values of SDP candidate attributes (what follows
     * "a=candidate:", as {@code MediaSection#candidates()} holds them): UDP, and
     * TCP ones with {@code tcptype passive} (RFC 6544).
     */
    public List<String> localCandidates() {
        List<String> result = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            TransportAddress a = c.getTransportAddress();
            boolean tcpCandidate = a.getTransport() == Transport.TCP;
            result.add(c.getFoundation() + " 1 " + (tcpCandidate ? "tcp " : "udp ") + c.getPriority() + " "
                    + a.getHostAddress() + " " + a.getPort() + " typ host"
                    + (tcpCandidate ? " tcptype passive" : "") + " generation 0");
        }
        return result;
    }

    /**
     * Makes this agent send the first checks to the peer's UDP candidates, for a peer that
     * only answers checks, like this server's own agents: another node at the other end of a
     * cascade's relay (docs/cluster.md). Call before {@link #start}.
     */
    public synchronized void reachFirst() {
        reachFirst = true;
    }

    /** Sets the remote credentials and candidates and starts the checks. */
    public synchronized void start(String remoteUfrag, String remotePassword, List<String> candidates) {
        if (started || closed) {
            return;
        }
        this.remoteUfrag = remoteUfrag;
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        for (String c : candidates) {
            RemoteCandidate rc = parse(c);
            if (rc != null) {
                openPath(rc);
                component.addRemoteCandidate(rc);
            }
        }
        for (RemoteCandidate rc : pending) {
            openPath(rc);
            component.addRemoteCandidate(rc);
        }
        pending.clear();
        started = true;
        agent.startConnectivityEstablishment();
    }

    /**
     * Adds a trickled candidate; unusable ones (TCP: the browser's active ones reach us and
     * are learnt from their checks; mDNS names, other families) are ignored.
     */
    public synchronized void addRemoteCandidate(String candidate) {
        RemoteCandidate rc = parse(candidate);
        if (rc == null || closed) {
            return;
        }
        if (started) {
            openPath(rc);
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
        } else {
            pending.add(rc);
        }
    }

    public synchronized boolean isStarted() {
        return started;
    }

    /**
     * Sends a datagram on the selected pair; before one is selected (and if its
     * socket cannot be found), through ice4j, which then tries a valid pair.
     */
    public void send(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("ICE agent closed");
        }
        GsoSender.sendQueued();     // what this thread queued for the shared port goes first
        Route r = route();
        if (r == null) {
            component.send(b, off, len);
            return;
        }
        DatagramPacket p = PACKET.get();
        p.setData(b, off, len);
        p.setSocketAddress(r.remote);
        try {
            r.socket.send(p);
        } catch (IOException e) {
            route = null;     // the socket was replaced or closed: look again on the next send
            throw e;
        }
    }

    /**
     * Whether {@link #sendSegments} sends in one system call now: a pair is selected and
     * the shared port's {@link GsoSender} serves it.
     */
    public boolean sendsSegments() {
        Route r = closed ? null : route();
        return r != null && r.gso >= 0;
    }

    /**
     * Sends the packets of {@code b[0, len)}, laid back to back, each {@code segment} bytes
     * but the last (which may be shorter), from the calling thread: when {@link #sendsSegments}
     * (a single packet too), queued with the thread's batches to other receivers, which leave
     * together in one call at {@link GsoSender#sendQueued} or before this thread's next
     * {@link #send}, so a packet the thread sends after them cannot overtake them; else one by
     * one at once.
     */
    public void sendSegments(byte[] b, int len, int segment) throws IOException {
        Route r = closed ? null : route();
        if (r != null && r.gso >= 0 && gso.send(r.gso, b, len, segment, r.remote, this)) {
            return;
        }
        sendOneByOne(b, len, segment);
    }

    /** Sends the packets of {@code b[0, len)}, each {@code segment} bytes but the last, one call each. */
    void sendOneByOne(byte[] b, int len, int segment) throws IOException {
        for (int off = 0; off < len; off += segment) {
            send(b, off, Math.min(segment, len - off));
        }
    }

    /** The route of the selected pair, resolved on the first send after it is chosen; null before. */
    private Route route() {
        CandidatePair selected = component.getSelectedPair();
        Route r = route;
        if (r == null || r.pair != selected) {
            r = selected == null ? null : Route.of(selected, gso);
            route = r;
        }
        return r;
    }

    /**
     * The selected pair's socket and remote address, as {@code Component.send} finds
     * them: on the local candidate's base, the socket kept for that remote address.
     * ice4j 3.2 selects a pair once per agent (an ICE restart is a new agent); the
     * route still follows the pair, so a later selection is never sent past. {@code gso}
     * is the index of the pair's local address in {@link GsoSender}, or -1: not a host UDP
     * candidate of the shared port, a relayed peer (TURN keeps ice4j's path), or no GSO.
     */
    private record Route(CandidatePair pair, IceSocketWrapper socket, InetSocketAddress remote, int gso) {
        @SuppressWarnings("deprecation")    // deprecated in ice4j, but its one public way to a pair's socket
        static Route of(CandidatePair pair, GsoSender gso) {
            IceSocketWrapper socket = pair.getIceSocketWrapper();
            InetSocketAddress remote = pair.getRemoteCandidate().getTransportAddress();
            if (socket == null || remote == null) {
                return null;
            }
            LocalCandidate local = pair.getLocalCandidate();
            boolean direct = gso != null && local.getTransport() == Transport.UDP
                    && local.getType() == CandidateType.HOST_CANDIDATE
                    && pair.getRemoteCandidate().getType() != CandidateType.RELAYED_CANDIDATE;
            return new Route(pair, socket, remote, direct ? gso.indexOf(local.getBase().getTransportAddress()) : -1);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tcp != null) {
            tcp.forget(agent.getLocalUfrag());
        }
        agent.free();
    }

    /** With {@link #reachFirst}: a path from each of our UDP ports of the same family to this candidate. */
    private void openPath(RemoteCandidate rc) {
        TransportAddress remote = rc.getTransportAddress();
        if (!reachFirst || remote.getTransport() != Transport.UDP) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(remote.getAddress(), remote.getPort());
        if (!reached.add(address)) {
            return;
        }
        for (ReachingUdpHarvester h : udp) {
            if (h.getLocalAddress().isIPv6() == remote.isIPv6()) {
                h.openPath(address, agent.getLocalUfrag());
            }
        }
    }

    private RemoteCandidate parse(String sdp) {
        String s = sdp.startsWith("a=") ? sdp.substring(2) : sdp;
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        String[] f = s.trim().split(" +");
        if (f.length < 8 || !f[2].equalsIgnoreCase("udp") || !f[1].equals("1") || !f[6].equals("typ")) {
            return null;
        }
        String host = f[4];
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address instanceof java.net.Inet6Address && !Boolean.getBoolean("ice4j.harvest.use-ipv6")) {
                return null;
            }
            CandidateType type = switch (f[7]) {
                case "host" -> CandidateType.HOST_CANDIDATE;
                case "srflx" -> CandidateType.SERVER_REFLEXIVE_CANDIDATE;
                case "prflx" -> CandidateType.PEER_REFLEXIVE_CANDIDATE;
                case "relay" -> CandidateType.RELAYED_CANDIDATE;
                default -> null;
            };
            if (type == null) {
                return null;
            }
            return new RemoteCandidate(new TransportAddress(address, Integer.parseInt(f[5]), Transport.UDP),
                    component, type, f[0], Long.parseLong(f[3]), null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
