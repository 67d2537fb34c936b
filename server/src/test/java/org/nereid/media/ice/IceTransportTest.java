package org.nereid.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's ICE agent and a browser-like one (an ice4j agent on a socket of
 * its own, controlling, as the offering browser is) on 127.0.0.1 complete ICE,
 * then the server sends on the selected pair (the direct path, which skips
 * ice4j's per-packet lookup). An ICE restart is a new agent on a new pair: one
 * thread sending on the old and the new agent in turn must reach each one's own
 * browser, and a closed agent sends nothing.
 */
class IceTransportTest {
    private static final List<String> LOOPBACK = List.of("127.0.0.1");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void packetsGoOutOnTheSelectedPairWhole() throws Exception {
        IceHost serverHost = host();
        Peer server = peer(serverHost.lease());
        Browser browser = browser();
        connect(server, browser);

        for (int i = 0; i < 50; i++) {
            server.send(packet(i, 1200));
            browser.send(packet(1000 + i, 200));
        }
        for (int i = 0; i < 50; i++) {
            browser.expect(packet(i, 1200), serverHost.port());
            server.expect(packet(1000 + i, 200), browser.port());
        }
    }

    @Test
    void aRestartMovesSendingToTheNewPairAndTheClosedAgentSendsNothing() throws Exception {
        IceHost serverHost = host();
        IceHost.Lease lease = serverHost.lease();
        Peer server = peer(lease);
        Browser browser = browser();
        connect(server, browser);
        // the browser restarts ICE from a new port; the server's new agent shares the old one's lease
        Peer restarted = peer(lease);
        Browser browserRestarted = browser();
        connect(restarted, browserRestarted);

        // one thread, both agents in turn: each packet reaches its own agent's browser
        for (int i = 0; i < 20; i++) {
            server.send(packet(i, 300));
            restarted.send(packet(500 + i, 300));
        }
        for (int i = 0; i < 20; i++) {
            browser.expect(packet(i, 300), serverHost.port());
            browserRestarted.expect(packet(500 + i, 300), serverHost.port());
        }

        server.transport.close();
        assertThrows(IOException.class, () -> server.send(packet(99, 300)));
        restarted.send(packet(600, 300));
        browserRestarted.expect(packet(600, 300), serverHost.port());
        assertNull(browser.received.poll(300, TimeUnit.MILLISECONDS), "the closed agent sent nothing");
    }

    private IceHost host() {
        IceHost h = new IceHost(LOOPBACK, 0, 0);
        open.add(h);
        return h;
    }

    private Peer peer(IceHost.Lease lease) throws IOException {
        Peer p = new Peer(lease);
        open.add(p.transport);
        return p;
    }

    private Browser browser() throws IOException {
        Browser b = new Browser();
        open.add(b);
        return b;
    }

    private static void connect(Peer server, Browser browser) throws Exception {
        server.transport.start(browser.agent.getLocalUfrag(), browser.agent.getLocalPassword(), List.of());
        browser.start(server.transport);
        assertTrue(server.completed.await(20, TimeUnit.SECONDS), "ICE completed on the server's side");
        assertTrue(browser.completed.await(20, TimeUnit.SECONDS), "ICE completed on the browser's side");
    }

    private static byte[] packet(int n, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) n);
        b[0] = (byte) 0x80;     // RTP's first byte, never taken for STUN
        b[1] = (byte) (n >> 8);
        b[2] = (byte) n;
        return b;
    }

    /** The server's side: an agent and what its packet handler received (contents and source port). */
    private static final class Peer {
        final IceTransport transport;
        final CountDownLatch completed = new CountDownLatch(1);
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        Peer(IceHost.Lease lease) throws IOException {
            transport = new IceTransport(lease, false, this::receive, (t, state) -> {
                if (state == IceProcessingState.COMPLETED) {
                    completed.countDown();
                }
            });
        }

        private void receive(Buffer b) {
            byte[] data = Arrays.copyOfRange(b.getBuffer(), b.getOffset(), b.getOffset() + b.getLength());
            received.add(new Received(data, ((InetSocketAddress) b.getRemoteAddress()).getPort()));
            BufferPool.returnBuffer.invoke(b);
        }

        void send(byte[] data) throws IOException {
            // with room around the packet, as the media path sends from its scratch buffers
            byte[] framed = new byte[data.length + 20];
            System.arraycopy(data, 0, framed, 10, data.length);
            transport.send(framed, 10, data.length);
        }

        void expect(byte[] data, int fromPort) throws InterruptedException {
            IceTransportTest.expect(received, data, fromPort);
        }
    }

    /**
     * The browser's side, as the load tool's client builds it (ice4j's host harvester skips
     * loopback): a host candidate on a socket of its own, whose non-STUN packets a thread reads.
     */
    private static final class Browser implements AutoCloseable {
        final Agent agent = new Agent();
        final CountDownLatch completed = new CountDownLatch(1);
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final IceMediaStream stream;
        private final Component component;
        private final MultiplexingDatagramSocket socket;
        private final HostCandidate local;

        Browser() throws IOException {
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
            local = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
            component.addLocalCandidate(local);
            local.getStunStack().addSocket(local.getStunSocket(null));
            Thread reader = new Thread(this::read, "test-browser-rx");
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void start(IceTransport server) throws Exception {
            stream.setRemoteUfrag(server.localUfrag());
            stream.setRemotePassword(server.localPassword());
            for (String c : server.localCandidates()) {
                String[] f = c.split(" ");
                if (!f[2].equals("udp")) {
                    continue;
                }
                component.addRemoteCandidate(new RemoteCandidate(
                        new TransportAddress(f[4], Integer.parseInt(f[5]), Transport.UDP), component,
                        CandidateType.HOST_CANDIDATE, f[0], Long.parseLong(f[3]), null));
            }
            agent.startConnectivityEstablishment();
        }

        void send(byte[] data) throws IOException {
            component.send(data, 0, data.length);
        }

        void expect(byte[] data, int fromPort) throws InterruptedException {
            IceTransportTest.expect(received, data, fromPort);
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
                    received.add(new Received(Arrays.copyOf(buffer, p.getLength()), p.getPort()));
                }
            }
        }

        @Override
        public void close() {
            agent.free();
            socket.close();
        }
    }

    private static void expect(BlockingQueue<Received> received, byte[] data, int fromPort) throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertTrue(r != null, "a packet arrived");
        assertArrayEquals(data, r.data, "packet " + (data[1] << 8 | data[2] & 0xFF));
        assertEquals(fromPort, r.fromPort, "sent from the selected pair's local port");
    }

    private record Received(byte[] data, int fromPort) { }
}
