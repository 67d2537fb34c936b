package org.nereid.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's ICE agent and a browser-like one ({@link LoopbackBrowser}) on
 * 127.0.0.1 complete ICE, then the server sends on the selected pair (the direct
 * path, which skips ice4j's per-packet lookup). An ICE restart is a new agent on
 * a new pair: one thread sending on the old and the new agent in turn must reach
 * each one's own browser, and a closed agent sends nothing. With UDP GSO, the send-only
 * socket bound on the shared port before ice4j's must leave every inbound kind to ice4j
 * and send a batch as its datagrams, from the shared port.
 */
class IceTransportTest {
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
        Server server = server(serverHost.lease());
        LoopbackBrowser browser = browser(server);

        for (int i = 0; i < 50; i++) {
            server.send(packet(i, 1200));
            browser.send(packet(1000 + i, 200));
        }
        for (int i = 0; i < 50; i++) {
            expect(browser.next(10_000), packet(i, 1200), serverHost.port());
            expect(server.received.poll(10, TimeUnit.SECONDS), packet(1000 + i, 200), browser.port());
        }
    }

    @Test
    void aRestartMovesSendingToTheNewPairAndTheClosedAgentSendsNothing() throws Exception {
        IceHost serverHost = host();
        IceHost.Lease lease = serverHost.lease();
        Server server = server(lease);
        LoopbackBrowser browser = browser(server);
        // the browser restarts ICE from a new port; the server's new agent shares the old one's lease
        Server restarted = server(lease);
        LoopbackBrowser browserRestarted = browser(restarted);

        // one thread, both agents in turn: each packet reaches its own agent's browser
        for (int i = 0; i < 20; i++) {
            server.send(packet(i, 300));
            restarted.send(packet(500 + i, 300));
        }
        for (int i = 0; i < 20; i++) {
            expect(browser.next(10_000), packet(i, 300), serverHost.port());
            expect(browserRestarted.next(10_000), packet(500 + i, 300), serverHost.port());
        }

        server.transport.close();
        assertThrows(IOException.class, () -> server.send(packet(99, 300)));
        restarted.send(packet(600, 300));
        expect(browserRestarted.next(10_000), packet(600, 300), serverHost.port());
        assertNull(browser.next(300), "the closed agent sent nothing");
    }

    @Test
    void withGsoEveryInboundKindStillReachesIce4j() throws Exception {
        // ICE completing is the STUN: the browser's checks and answers reached ice4j
        Connected c = connectedWithGso();
        Server server = c.server();
        LoopbackBrowser browser = c.browser();
        assertTrue(server.transport.sendsSegments(), "the selected host pair is served by the GSO socket");

        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(kind(22, i, 150));     // DTLS (a handshake record)
            sent.add(kind(0x80, i, 1200));  // SRTP (RTP version 2, payload type 0x60 after the marker bit)
            sent.add(kind(0x81, i, 80));    // SRTCP (a receiver report's first byte, packet type 201)
        }
        for (byte[] p : sent) {
            browser.send(p);
        }
        for (byte[] p : sent) {
            LoopbackBrowser.Received r = server.received.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "every datagram reached ice4j's socket");
            assertArrayEquals(p, r.data());
        }
    }

    @Test
    void batchesLeaveAsTheirSegmentsFromTheSharedPortAllInOneCall() throws Exception {
        assumeTrue(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(), "no epoll or UDP GSO here");
        sendsBatchesWhole(gsoHost(), "", 1);
    }

    @Test
    void withoutSendmmsgEachBatchLeavesInACallOfItsOwn() throws Exception {
        assumeTrue(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(), "no epoll or UDP GSO here");
        System.setProperty(GsoSender.TOGETHER_PROPERTY, "false");
        try {
            sendsBatchesWhole(gsoHost(), "", 5);
        } finally {
            System.clearProperty(GsoSender.TOGETHER_PROPERTY);
        }
    }

    @Test
    void withGsoOffABatchGoesOneByOne() throws Exception {
        sendsBatchesWhole(host(false), "", 0);
    }

    @Test
    void aPairToATurnRelayKeepsSendingOneByOne() throws Exception {
        sendsBatchesWhole(gsoHost(), "relay", 0);
    }

    /**
     * What a thread queued leaves before what it sends next through ice4j, in calls of at most
     * {@link Outbox#MAX_MESSAGES} batches: 70 single packets, then one sent another way.
     */
    @Test
    void queuedBatchesLeaveBeforeTheThreadsNextSend() throws Exception {
        Connected c = connectedWithGso();
        int queued = Outbox.MAX_MESSAGES + 6;
        for (int n = 0; n < queued; n++) {
            byte[] p = packet(n, 200 + n);
            c.server().transport.sendSegments(p, p.length, p.length);
        }
        c.server().send(packet(queued, 100));
        for (int n = 0; n <= queued; n++) {
            expect(c.browser().next(10_000), packet(n, n < queued ? 200 + n : 100), c.host().port());
        }
        assertNull(c.browser().next(300), "each packet once");
        assertEquals(2, c.host().lease().gso().calls(), "a full outbox's call, then the rest's before the send");
    }

    /**
     * Batches of equal segments with a shorter last, a single packet, equal ones only, a single
     * packet longer than the socket's segment size then is (the kernel would cut it), and a
     * keyframe's run (32 protected 1200-byte packets, 39 kB), sent to a browser whose address
     * the server was told as a {@code peerType} candidate (empty: learnt from its checks).
     */
    private void sendsBatchesWhole(IceHost host, String peerType, int calls) throws Exception {
        boolean throughGso = calls > 0;
        Server server = server(host.lease());
        LoopbackBrowser browser = new LoopbackBrowser(true);
        open.add(browser);
        browser.connect(server.transport, server.completed, peerType);
        assertEquals(throughGso, server.transport.sendsSegments(), "GSO serves only a host pair to a peer that is not a relay");
        int port = host.port();
        int[] keyframe = new int[32];
        Arrays.fill(keyframe, 1216);
        int[][] batches = {{1200, 1200, 1200, 500}, {300}, {1100, 1100}, {1150}, keyframe};
        int n = 0;
        for (int[] sizes : batches) {
            byte[] b = new byte[SEGMENTS_BYTES];
            int len = 0;
            for (int size : sizes) {
                System.arraycopy(packet(n++, size), 0, b, len, size);
                len += size;
            }
            server.transport.sendSegments(b, len, sizes[0]);
        }
        GsoSender.sendQueued();
        GsoSender gso = host.lease().gso();
        // a single datagram too, each cut at its own size
        assertEquals(calls, gso == null ? 0 : gso.calls(), "system calls of the GSO sockets");
        assertEquals(throughGso ? 4 + 1 + 2 + 1 + 32 : 0, gso == null ? 0 : gso.datagrams(), "datagrams they held");
        n = 0;
        for (int[] sizes : batches) {
            for (int size : sizes) {
                expect(browser.next(10_000), packet(n++, size), port);
            }
        }
        assertNull(browser.next(300), "no more datagrams than segments");
    }

    /**
     * More sending threads than the GSO sockets per address, at once, each with its own segment
     * size: each thread's socket keeps its own size (a shared one, changed under another
     * thread's send, would cut that thread's batch wrongly), and the thread left without a
     * socket sends one by one; every datagram arrives whole, each thread's in its order.
     */
    @Test
    void threadsSendTheirBatchesAtOnceEachWhole() throws Exception {
        Connected c = connectedWithGso();
        IceTransport transport = c.server().transport;
        int threads = GsoSender.SOCKETS_PER_ADDRESS + 1;
        int batches = 30;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                    byte[] b = new byte[SEGMENTS_BYTES];
                    for (int i = 0; i < batches; i++) {
                        int[] sizes = threadBatch(thread);
                        int len = 0;
                        for (int k = 0; k < sizes.length; k++) {
                            System.arraycopy(packet(thread * 1000 + i * 10 + k, sizes[k]), 0, b, len, sizes[k]);
                            len += sizes[k];
                        }
                        transport.sendSegments(b, len, sizes[0]);
                        GsoSender.sendQueued();
                        Thread.sleep(1);    // the browser's one reader keeps up
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            senders.add(sender);
            sender.start();
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join(30_000);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        int[] next = new int[threads];
        for (int n = 0; n < threads * batches * 3; n++) {
            LoopbackBrowser.Received r = c.browser().next(10_000);
            assertNotNull(r, "datagram " + n + " arrived");
            int id = (r.data()[1] & 0xFF) << 8 | r.data()[2] & 0xFF;
            int thread = id / 1000;
            int expected = next[thread]++;
            int k = expected % 3;
            expect(r, packet(thread * 1000 + expected / 3 * 10 + k, threadBatch(thread)[k]), c.host().port());
        }
        assertNull(c.browser().next(300), "no more datagrams than segments");
        assertEquals(GsoSender.SOCKETS_PER_ADDRESS * batches, c.host().lease().gso().calls(),
                "each thread with a socket sent each batch in one call, the last thread one by one");
    }

    /** Thread {@code t}'s batch: two segments of its own size and a shorter last. */
    private static int[] threadBatch(int t) {
        return new int[] {400 + 100 * t, 400 + 100 * t, 150 + t};
    }

    private static final int SEGMENTS_BYTES = 40_000;

    /** A host as the server makes it: GSO on where the kernel has it. */
    private IceHost host() {
        IceHost h = new IceHost(List.of("127.0.0.1"), 0, 0);
        open.add(h);
        return h;
    }

    /** A server on a host with GSO and a browser, ICE completed; skipped where there is no GSO. */
    private Connected connectedWithGso() throws Exception {
        assumeTrue(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(), "no epoll or UDP GSO here");
        IceHost host = gsoHost();
        Server server = server(host.lease());
        return new Connected(host, server, browser(server));
    }

    private record Connected(IceHost host, Server server, LoopbackBrowser browser) {
    }

    private IceHost gsoHost() {
        return host(true);
    }

    /** A host with the GSO send sockets or, with -Dnereid.gso=false, without. */
    private IceHost host(boolean gso) {
        System.setProperty(GsoSender.PROPERTY, Boolean.toString(gso));
        try {
            return host();
        } finally {
            System.clearProperty(GsoSender.PROPERTY);
        }
    }

    private Server server(IceHost.Lease lease) throws IOException {
        Server s = new Server(lease);
        open.add(s.transport);
        return s;
    }

    private LoopbackBrowser browser(Server server) throws Exception {
        LoopbackBrowser b = new LoopbackBrowser(true);
        open.add(b);
        b.connect(server.transport, server.completed);
        return b;
    }

    private static byte[] packet(int n, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) n);
        b[0] = (byte) 0x80;     // RTP's first byte, never taken for STUN
        b[1] = (byte) (n >> 8);
        b[2] = (byte) n;
        return b;
    }

    /** A datagram whose first byte is {@code first} (what tells the kinds apart), numbered {@code n}. */
    private static byte[] kind(int first, int n, int size) {
        byte[] b = packet(n, size);
        b[0] = (byte) first;
        b[1] = (byte) (first == 0x81 ? 201 : 0x60);
        return b;
    }

    private static void expect(LoopbackBrowser.Received r, byte[] data, int fromPort) {
        assertNotNull(r, "a packet arrived");
        assertArrayEquals(data, r.data(), "packet " + (data[1] << 8 | data[2] & 0xFF));
        assertEquals(fromPort, r.fromPort(), "sent from the selected pair's local port");
    }

    /** The server's side: an agent and what its packet handler received (contents and source port). */
    private static final class Server {
        final IceTransport transport;
        final CountDownLatch completed = new CountDownLatch(1);
        final BlockingQueue<LoopbackBrowser.Received> received = new LinkedBlockingQueue<>();

        Server(IceHost.Lease lease) throws IOException {
            transport = new IceTransport(lease, false, this::receive, (t, state) -> {
                if (state == IceProcessingState.COMPLETED) {
                    completed.countDown();
                }
            });
        }

        private void receive(Buffer b) {
            byte[] data = Arrays.copyOfRange(b.getBuffer(), b.getOffset(), b.getOffset() + b.getLength());
            received.add(new LoopbackBrowser.Received(data, ((InetSocketAddress) b.getRemoteAddress()).getPort()));
            BufferPool.returnBuffer.invoke(b);
        }

        void send(byte[] data) throws IOException {
            // with room around the packet, as the media path sends from its scratch buffers
            byte[] framed = new byte[data.length + 20];
            System.arraycopy(data, 0, framed, 10, data.length);
            transport.send(framed, 10, data.length);
        }
    }
}
