package org.nereid.media.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * The browser's side of ICE with a server {@link IceTransport}, on 127.0.0.1, as
 * the load tool's client builds it (ice4j's host harvester skips loopback): an
 * ice4j agent, controlling as the offering browser is, with one host candidate
 * on a socket of its own. A thread reads that socket; packets whose first byte
 * is RTP's 0x80 are kept (with the port they came from), or only counted.
 */
public final class LoopbackBrowser implements AutoCloseable {
    /** One packet that arrived: its bytes and the port it came from. */
    public record Received(byte[] data, int fromPort) { }

    private final Agent agent = new Agent();
    private final CountDownLatch completed = new CountDownLatch(1);
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final IceMediaStream stream;
    private final Component component;
    private final MultiplexingDatagramSocket socket;
    private final boolean keep;
    private volatile long count;

    /** @param keep whether to keep what arrives ({@link #next}) or only count it ({@link #count}) */
    public LoopbackBrowser(boolean keep) throws IOException {
        this.keep = keep;
        agent.setUseDynamicPorts(false);
        agent.setControlling(true);
        agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_HOST_OR_REFLEXIVE_VALID);
        agent.addStateChangeListener(e -> {
            if (e.getNewValue() == IceProcessingState.COMPLETED) {
                completed.countDown();
            }
        });
        stream = agent.createMediaStream("media");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        socket = new MultiplexingDatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        HostCandidate local = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
        component.addLocalCandidate(local);
        local.getStunStack().addSocket(local.getStunSocket(null));
        Thread reader = new Thread(this::read, "loopback-browser-rx");
        reader.setDaemon(true);
        reader.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /**
     * Starts ICE with {@code server} (and the server with this browser's credentials; no
     * candidates: ours reach it as peer-reflexive ones) and waits until both have completed.
     */
    public void connect(IceTransport server, CountDownLatch serverCompleted) throws InterruptedException {
        connect(server, serverCompleted, "");
    }

    /**
     * The same, but the server is told this browser's address as a candidate of {@code type}
     * ("relay": as if it were a TURN relay's), unless {@code type} is empty.
     */
    public void connect(IceTransport server, CountDownLatch serverCompleted, String type) throws InterruptedException {
        server.start(agent.getLocalUfrag(), agent.getLocalPassword(), type.isEmpty() ? java.util.List.of()
                : java.util.List.of("1 1 udp 100 127.0.0.1 " + port() + " typ " + type));
        stream.setRemoteUfrag(server.localUfrag());
        stream.setRemotePassword(server.localPassword());
        for (String c : server.localCandidates()) {
            String[] f = c.split(" ");
            if (f[2].equals("udp")) {
                component.addRemoteCandidate(new RemoteCandidate(
                        new TransportAddress(f[4], Integer.parseInt(f[5]), Transport.UDP), component,
                        CandidateType.HOST_CANDIDATE, f[0], Long.parseLong(f[3]), null));
            }
        }
        agent.startConnectivityEstablishment();
        if (!serverCompleted.await(20, TimeUnit.SECONDS) || !completed.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ICE did not complete within 20 s");
        }
    }

    /** Sends on the browser's selected pair. */
    public void send(byte[] data) throws IOException {
        component.send(data, 0, data.length);
    }

    /** The next kept packet, or null after {@code millis}. */
    public Received next(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** RTP-like packets arrived so far. */
    public long count() {
        return count;
    }

    private void read() {
        byte[] buffer = new byte[1500];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                p.setData(buffer, 0, buffer.length);
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            if (p.getLength() > 0 && buffer[0] == (byte) 0x80) {     // ours, not a STUN check
                count++;
                if (keep) {
                    received.add(new Received(Arrays.copyOf(buffer, p.getLength()), p.getPort()));
                }
            }
        }
    }

    @Override
    public void close() {
        agent.free();
        socket.close();
    }
}
