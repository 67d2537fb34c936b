package org.nereid.media.transport;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.dtls.DtlsEndpoint;
import org.nereid.media.dtls.RemoteFingerprint;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.rtp.PacketKind;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.track.PeerSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection's transport: ICE, then DTLS, then SRTP. The ice4j
 * receive thread classifies each datagram (RFC 7983) and only enqueues it;
 * RTP and RTCP are unprotected and handled on a worker, one batch at a time
 * per connection so a connection's packets stay in order.
 */
public final class PeerTransport implements PeerSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int QUEUE = 1024;
    private static final int BATCH = 64;
    /** A connected peer that sends nothing (no media, no RTCP) for this long is gone. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A peer that does not complete ICE and DTLS within this long never will. */
    static final long SETUP_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** What the connection above the transport does with what arrives. */
    public interface Handler {
        /** An SRTP packet, still protected (the handler knows the SSRC's context). */
        void onRtp(PacketBuffer packet);

        /** An unprotected RTCP compound packet. */
        void onRtcp(PacketBuffer packet);

        /** DTLS finished: SRTP contexts can be derived. */
        void onSecured(SrtpSession srtp);

        /** The transport failed or the peer left; called once. */
        void onClosed(String reason);
    }

    private final String name;
    private final MediaThreads threads;
    private final Handler handler;
    private final IceTransport ice;
    private final ArrayBlockingQueue<Buffer> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final PacketBuffer received = new PacketBuffer();
    private final int rtcpSsrc = RANDOM.nextInt() | 1;
    private final String cname = "nereid-" + Integer.toHexString(RANDOM.nextInt());
    private final RtcpCompound compound = new RtcpCompound(cname);
    private final long createdNanos = System.nanoTime();
    private final ScheduledFuture<?> watchdog;
    private volatile DtlsEndpoint dtls;
    private volatile SrtpSession srtp;
    private volatile SrtcpCryptoContext rtcpContext;
    private volatile long lastReceivedNanos;

    public PeerTransport(String name, IceHost host, boolean controlling, MediaThreads threads, Handler handler)
            throws IOException {
        this.name = name;
        this.threads = threads;
        this.handler = handler;
        this.ice = new IceTransport(host, controlling, this::receive, this::iceState);
        this.watchdog = threads.timer.scheduleWithFixedDelay(this::checkAlive, 1, 1, TimeUnit.SECONDS);
    }

    public IceTransport ice() {
        return ice;
    }

    @Override
    public int rtcpSsrc() {
        return rtcpSsrc;
    }

    /** The CNAME of every SSRC this connection sends (in SDP and in each RTCP packet's SDES). */
    public String cname() {
        return cname;
    }

    public SrtpSession srtp() {
        return srtp;
    }

    /**
     * Starts ICE with the peer's credentials; DTLS follows when ICE completes.
     *
     * @param dtlsServer whether we are the DTLS server (from a=setup)
     */
    public void start(String remoteUfrag, String remotePassword, List<String> candidates,
                      boolean dtlsServer, RemoteFingerprint fingerprint) {
        dtls = new DtlsEndpoint(dtlsServer, fingerprint, ice::send, threads.io, () -> close("the peer closed DTLS"));
        ice.start(remoteUfrag, remotePassword, candidates);
    }

    private void iceState(IceProcessingState state) {
        LOG.debug("{}: ICE {}", name, state);
        if (state == IceProcessingState.COMPLETED && dtls != null) {
            threads.io.execute(this::handshake);
        } else if (state == IceProcessingState.FAILED) {
            threads.timer.execute(() -> close("ICE failed: no network path to the peer"));
        }
    }

    private void handshake() {
        DtlsEndpoint endpoint = dtls;
        if (endpoint == null || srtp != null || closed.get()) {
            return;
        }
        try {
            LOG.debug("{}: DTLS handshake starting", name);
            long start = System.nanoTime();
            SrtpKeys keys = endpoint.handshake();
            SrtpSession session = new SrtpSession(keys);
            rtcpContext = session.sendControlContext(rtcpSsrc);
            lastReceivedNanos = System.nanoTime();
            srtp = session;
            LOG.info("{}: DTLS done as {} in {} ms, SRTP profile {}", name, endpoint.isServer() ? "server" : "client",
                    (System.nanoTime() - start) / 1_000_000, keys.profile());
            handler.onSecured(session);
        } catch (IOException | RuntimeException e) {
            close("the DTLS handshake failed: " + e.getMessage());
        }
    }

    /** ice4j receive thread: classify and hand off, nothing more. */
    private void receive(Buffer buffer) {
        byte[] b = buffer.getBuffer();
        int off = buffer.getOffset();
        int len = buffer.getLength();
        PacketKind kind = PacketKind.of(b, off, len);
        if (kind == PacketKind.DTLS && dtls != null) {
            dtls.deliver(b, off, len);
            BufferPool.returnBuffer.invoke(buffer);
        } else if ((kind == PacketKind.RTP || kind == PacketKind.RTCP) && srtp != null && queue.offer(buffer)) {
            if (draining.compareAndSet(false, true)) {
                threads.workers.execute(drain);
            }
        } else {
            BufferPool.returnBuffer.invoke(buffer);
        }
    }

    private void drain() {
        int handled = 0;
        Buffer buffer;
        while (handled < BATCH && (buffer = queue.poll()) != null) {
            try {
                process(buffer);
            } catch (RuntimeException e) {
                LOG.warn("{}: dropped a packet: {}", name, e.toString());
            } finally {
                BufferPool.returnBuffer.invoke(buffer);
            }
            handled++;
        }
        draining.set(false);
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            threads.workers.execute(drain);
        }
    }

    private void process(Buffer buffer) {
        PacketBuffer p = received.wrap(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
        lastReceivedNanos = System.nanoTime();
        if (PacketKind.of(p.getBuffer(), p.getOffset(), p.getLength()) == PacketKind.RTCP) {
            if (srtp.unprotectRtcp(p)) {
                handler.onRtcp(p);
            }
        } else {
            handler.onRtp(p);
        }
    }

    @Override
    public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
        if (SrtpSession.protect(context, packet)) {
            send(packet);
        }
    }

    @Override
    public void sendRtcp(PacketBuffer packet) {
        SrtcpCryptoContext context = rtcpContext;
        if (context != null) {
            sendRtcp(context, packet);
        }
    }

    @Override
    public void sendRtcp(SrtcpCryptoContext context, PacketBuffer packet) {
        compound.complete(packet, rtcpSsrc);
        if (SrtpSession.protect(context, packet)) {
            send(packet);
        }
    }

    private void send(PacketBuffer packet) {
        try {
            ice.send(packet.getBuffer(), packet.getOffset(), packet.getLength());
        } catch (IOException e) {
            // no selected pair yet or the socket closed: the packet is lost like any UDP packet
        }
    }

    private void checkAlive() {
        long now = System.nanoTime();
        if (srtp == null && now - createdNanos > SETUP_NANOS) {
            close("the connection was not established within 30 seconds");
        } else if (srtp != null && now - lastReceivedNanos > IDLE_NANOS) {
            close("the peer stopped sending for 10 seconds");
        }
    }

    /** Closes because of {@code reason} and tells the handler (once). */
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            release();
            LOG.info("{}: closed: {}", name, reason);
            handler.onClosed(reason);
        }
    }

    /** Closes without telling the handler (the owner asked). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
            LOG.info("{}: closed", name);
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    private void release() {
        watchdog.cancel(false);
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        ice.close();
        SrtpSession s = srtp;
        if (s != null) {
            // other connections' workers may be mid-send into this one: free the ciphers a little later
            threads.timer.schedule(s::close, 5, TimeUnit.SECONDS);
        }
        Buffer b;
        while ((b = queue.poll()) != null) {
            BufferPool.returnBuffer.invoke(b);
        }
    }
}
