package org.nereid.media.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.nereid.media.srtp.SrtpKeys;

/**
 * DTLS for one peer connection over its ICE socket. The handshake blocks, so
 * it runs on an I/O thread and pulls datagrams from a small queue that the
 * receive thread fills; afterwards each arriving datagram is fed to bctls
 * (to answer retransmitted Finished messages and notice close_notify).
 */
public final class DtlsEndpoint implements AutoCloseable {
    /** Where DTLS records go out (the ICE component). */
    public interface Sender {
        void send(byte[] b, int off, int len) throws IOException;
    }

    private static final int MTU = 1500;

    private final boolean server;
    private final RemoteFingerprint remote;
    private final Sender sender;
    private final Executor io;
    private final Runnable onCloseNotify;
    private final ArrayBlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(64);
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final Runnable pump = this::pump;
    private volatile DTLSTransport transport;
    private volatile DtlsPeers.Outcome outcome;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param server        true to act as DTLS server (we answered or were answered "active")
     * @param io            runs the post-handshake reads
     * @param onCloseNotify called once the peer closes DTLS
     */
    public DtlsEndpoint(boolean server, RemoteFingerprint remote, Sender sender, Executor io, Runnable onCloseNotify) {
        this.server = server;
        this.remote = remote;
        this.sender = sender;
        this.io = io;
        this.onCloseNotify = onCloseNotify;
    }

    /**
     * Runs one handshake between two local endpoints (over memory, no
     * socket), so the first real call does not pay for loading, verifying
     * and compiling the TLS code; that took seconds on a busy machine.
     */
    public static void warmUp(java.util.concurrent.ExecutorService io) {
        DtlsIdentity id = DtlsIdentity.get();
        RemoteFingerprint self = new RemoteFingerprint(id.fingerprintAlgorithm(), id.fingerprint());
        DtlsEndpoint[] pair = new DtlsEndpoint[2];
        pair[0] = new DtlsEndpoint(true, self, (b, o, l) -> pair[1].deliver(b, o, l), io, () -> { });
        pair[1] = new DtlsEndpoint(false, self, (b, o, l) -> pair[0].deliver(b, o, l), io, () -> { });
        try {
            java.util.concurrent.Future<?> client = io.submit(() -> pair[1].handshake());
            pair[0].handshake();
            client.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the engine closed meanwhile, or the warm-up broke: the first call will just be slower
            org.slf4j.LoggerFactory.getLogger(DtlsEndpoint.class).debug("DTLS warm-up stopped: {}", e.toString());
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    public boolean isServer() {
        return server;
    }

    /** Runs the handshake to completion (blocking) and returns the SRTP keys. */
    public SrtpKeys handshake() throws IOException {
        DtlsIdentity id = DtlsIdentity.get();
        QueueTransport link = new QueueTransport();
        if (server) {
            DtlsPeers.Server peer = new DtlsPeers.Server(id, remote);
            outcome = peer.outcome;
            transport = new DTLSServerProtocol().accept(peer, link);
        } else {
            DtlsPeers.Client peer = new DtlsPeers.Client(id, remote);
            outcome = peer.outcome;
            transport = new DTLSClientProtocol().connect(peer, link);
        }
        if (!incoming.isEmpty()) {
            schedulePump();
        }
        return outcome.keys;
    }

    /** A DTLS datagram arrived (any thread; copies it). */
    public void deliver(byte[] b, int off, int len) {
        if (closed) {
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        incoming.offer(copy);
        if (transport != null) {
            schedulePump();
        }
    }

    private void schedulePump() {
        if (pumping.compareAndSet(false, true)) {
            try {
                io.execute(pump);
            } catch (RejectedExecutionException e) {
                pumping.set(false);     // the engine is shutting down: nothing left to answer
            }
        }
    }

    private void pump() {
        byte[] scratch = new byte[MTU];
        try {
            while (!closed && !incoming.isEmpty()) {
                int n = transport.receive(scratch, 0, scratch.length, 1);
                if (n < 0 && outcome.closeNotified) {
                    break;
                }
            }
        } catch (IOException e) {
            // a fatal alert or a broken record: the connection's DTLS is over
            outcome.closeNotified = true;
        } finally {
            pumping.set(false);
        }
        if (closed) {
            return;     // what is still queued is for nobody: re-pumping it would hand the task round for ever
        }
        if (outcome.closeNotified) {
            onCloseNotify.run();
        } else if (!incoming.isEmpty()) {
            schedulePump();
        }
    }

    /**
     * Stops the handshake or the established session; an established one is
     * ended with a close_notify alert, so the peer (Chrome closes its DTLS
     * transport on it) learns at once rather than by consent freshness.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        DTLSTransport t = transport;
        DtlsPeers.Outcome o = outcome;
        if (t != null && o != null && !o.closeNotified) {
            CloseNotify.send(t);    // before `closed` is set: the link stops sending then
        }
        closed = true;
        incoming.clear();
        if (t != null) {
            try {
                t.close();
            } catch (IOException e) {
                // the peer may already be gone; nothing else to release
            }
        }
    }

    /** The datagram link bctls reads and writes during and after the handshake. */
    private final class QueueTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return MTU - 20 - 8;
        }

        @Override
        public int getSendLimit() {
            return MTU - 84 - 8;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("the peer connection is closed");
            }
            byte[] packet;
            try {
                packet = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (packet == null) {
                return -1;
            }
            int n = Math.min(len, packet.length);
            System.arraycopy(packet, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                return;
            }
            sender.send(buf, off, len);
        }

        @Override
        public void close() {
            // the ICE transport outlives DTLS; its owner closes it
        }
    }
}
