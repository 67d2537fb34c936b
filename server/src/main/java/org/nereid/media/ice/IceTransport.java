package org.nereid.media.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.BufferHandler;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * ICE for one peer connection: an ice4j agent with one component on the
 * shared port or on this connection's own port of the range, consent
 * freshness on, and packets pushed to a handler on the harvester's receive
 * thread. ice4j cannot restart an agent, so an ICE restart is a new
 * IceTransport on the same lease (the harvesters tell agents apart by ufrag).
 */
public final class IceTransport implements AutoCloseable {
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final IceTcpListener tcp;
    private final List<RemoteCandidate> pending = new ArrayList<>();
    private volatile String remoteUfrag;
    private boolean started;
    private volatile boolean closed;

    /**
     * @param ports       the sockets to use; the caller keeps and closes them
     * @param controlling true when we offered (ICE roles follow the offer)
     * @param onState     told of each state change of this agent, on an ice4j thread
     */
    public IceTransport(IceHost.Lease ports, boolean controlling, BufferHandler packets,
                        BiConsumer<IceTransport, IceProcessingState> onState) throws IOException {
        agent = new Agent(new LoggerImpl(IceTransport.class.getName()));
        agent.setUseDynamicPorts(false);
        for (SinglePortUdpHarvester h : ports.harvesters()) {
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
                component.addRemoteCandidate(rc);
            }
        }
        for (RemoteCandidate rc : pending) {
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
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
        } else {
            pending.add(rc);
        }
    }

    public synchronized boolean isStarted() {
        return started;
    }

    /** Sends a datagram on the selected pair. */
    public void send(byte[] b, int off, int len) throws IOException {
        component.send(b, off, len);
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
