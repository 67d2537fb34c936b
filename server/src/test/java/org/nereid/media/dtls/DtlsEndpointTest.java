package org.nereid.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;

/** Two endpoints of ours handshake over an in-memory datagram link. */
class DtlsEndpointTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static RemoteFingerprint ours() {
        DtlsIdentity id = DtlsIdentity.get();
        return new RemoteFingerprint(id.fingerprintAlgorithm(), id.fingerprint());
    }

    @Test
    void serverAndClientAgreeOnGcmKeysInOppositeDirections() throws Exception {
        AtomicReference<DtlsEndpoint> serverRef = new AtomicReference<>();
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        DtlsEndpoint server = new DtlsEndpoint(true, ours(), (b, o, l) -> clientRef.get().deliver(b, o, l), pool,
                () -> { });
        DtlsEndpoint client = new DtlsEndpoint(false, ours(), (b, o, l) -> serverRef.get().deliver(b, o, l), pool,
                () -> { });
        serverRef.set(server);
        clientRef.set(client);
        CompletableFuture<SrtpKeys> s = CompletableFuture.supplyAsync(() -> run(server), pool);
        CompletableFuture<SrtpKeys> c = CompletableFuture.supplyAsync(() -> run(client), pool);
        SrtpKeys sk = s.get(20, TimeUnit.SECONDS);
        SrtpKeys ck = c.get(20, TimeUnit.SECONDS);
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, sk.profile());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, ck.profile());
        assertArrayEquals(sk.sendKey(), ck.receiveKey());
        assertArrayEquals(sk.sendSalt(), ck.receiveSalt());
        assertArrayEquals(ck.sendKey(), sk.receiveKey());
        assertEquals(12, sk.sendSalt().length);

    }

    @Test
    void aPeerWhoseCertificateDoesNotMatchItsFingerprintIsRefused() {
        AtomicReference<DtlsEndpoint> serverRef = new AtomicReference<>();
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        RemoteFingerprint wrong = new RemoteFingerprint("sha-256", "00:11:22:33");
        DtlsEndpoint server = new DtlsEndpoint(true, wrong, (b, o, l) -> clientRef.get().deliver(b, o, l), pool, () -> { });
        DtlsEndpoint client = new DtlsEndpoint(false, ours(), (b, o, l) -> serverRef.get().deliver(b, o, l), pool, () -> { });
        serverRef.set(server);
        clientRef.set(client);
        CompletableFuture<SrtpKeys> s = CompletableFuture.supplyAsync(() -> run(server), pool);
        CompletableFuture.supplyAsync(() -> run(client), pool);
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.get(20, TimeUnit.SECONDS));
        assertTrue(String.valueOf(e.getCause().getMessage()).contains("fingerprint")
                || e.getCause().getCause() != null, e.toString());
    }

    @Test
    void closingAnEstablishedEndpointSendsCloseNotify() throws Exception {
        BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        DtlsEndpoint server = new DtlsEndpoint(true, ours(),
                (b, o, l) -> toClient.add(Arrays.copyOfRange(b, o, o + l)), pool, () -> { });
        CompletableFuture<SrtpKeys> s = CompletableFuture.supplyAsync(() -> run(server), pool);
        // the peer: bctls's own client protocol (with our client's extensions) on a plain datagram link
        DtlsPeers.Client peer = new DtlsPeers.Client(DtlsIdentity.get(), ours());
        DTLSTransport client = new DTLSClientProtocol().connect(peer, new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1400;
            }

            @Override
            public int getSendLimit() {
                return 1400;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                try {
                    byte[] p = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
                    if (p == null) {
                        return -1;
                    }
                    System.arraycopy(p, 0, buf, off, p.length);
                    return p.length;
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                server.deliver(buf, off, len);
            }

            @Override
            public void close() {
            }
        });
        s.get(20, TimeUnit.SECONDS);
        assertFalse(peer.outcome.closeNotified);

        server.close();
        server.close();
        byte[] buf = new byte[1500];
        long deadline = System.currentTimeMillis() + 10_000;
        while (!peer.outcome.closeNotified && System.currentTimeMillis() < deadline) {
            try {
                client.receive(buf, 0, buf.length, 200);
            } catch (IOException e) {
                break;
            }
        }
        assertTrue(peer.outcome.closeNotified, "the peer received a close_notify alert");
    }

    @Test
    void aClosedEndpointStopsPumpingWhatIsStillQueued() throws Exception {
        // the endpoint's I/O tasks wait here and run only when the test says so
        BlockingQueue<Runnable> ioTasks = new LinkedBlockingQueue<>();
        AtomicReference<DtlsEndpoint> serverRef = new AtomicReference<>();
        AtomicReference<DtlsEndpoint> clientRef = new AtomicReference<>();
        DtlsEndpoint server = new DtlsEndpoint(true, ours(), (b, o, l) -> clientRef.get().deliver(b, o, l),
                ioTasks::add, () -> { });
        DtlsEndpoint client = new DtlsEndpoint(false, ours(), (b, o, l) -> serverRef.get().deliver(b, o, l), pool,
                () -> { });
        serverRef.set(server);
        clientRef.set(client);
        CompletableFuture<SrtpKeys> s = CompletableFuture.supplyAsync(() -> run(server), pool);
        CompletableFuture<SrtpKeys> c = CompletableFuture.supplyAsync(() -> run(client), pool);
        s.get(20, TimeUnit.SECONDS);
        c.get(20, TimeUnit.SECONDS);
        // a flight of the client's that came after the server's handshake ended queued a pump: run
        // it (dropped, its endpoint would wait for ever for a pump that never ends)
        for (Runnable late; (late = ioTasks.poll()) != null; ) {
            late.run();
        }

        byte[] record = new byte[40];
        server.deliver(record, 0, record.length);
        assertEquals(1, ioTasks.size(), "a datagram after the handshake is pumped on an I/O thread");
        server.close();
        int ran = 0;
        Runnable task;
        while (ran < 100 && (task = ioTasks.poll()) != null) {
            task.run();
            ran++;
        }
        assertTrue(ioTasks.isEmpty() && ran < 100, "the closed endpoint still hands its pump round after " + ran + " runs");
        client.close();
    }

    private static SrtpKeys run(DtlsEndpoint endpoint) {
        try {
            return endpoint.handshake();
        } catch (IOException e) {
            throw new RuntimeException(e.getMessage(), e);
        }
    }
}
