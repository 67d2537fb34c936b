package org.nereid.media.transport;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>An ICE restart swaps the ICE agent under the DTLS association: browsers
 * keep DTLS and SRTP across a restart (only the ufrag, password and
 * candidates change), so the new agent's packets join the same path, and
 * sending moves to it once it completes; until then the old pair carries on.
 */
public final class PeerTransport implements PeerSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int QUEUE = 1024;
    private static final int BATCH = 64;
    /** A connected peer that sends nothing (no media, no RTCP) for this long has lost its path: restart ICE. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A connected peer that sends nothing for this long is gone, restart or not. */
    static final long GONE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a replaced ICE agent still takes packets the peer sent before it switched. */
    private static final long RETIRE_SECONDS = 2;
    /** Failed restarts in a row after which no new one is asked for (the watchdog decides). */
    private static final int MAX_FAILED_RESTARTS = 3;
    /** A peer that does not complete ICE and DTLS within this long never will. */
    static final long SETUP_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * A started restart's agent that has not completed within this long never will: ice4j
     * fails an agent only on its own checks, and a controlled agent whose peer's checks
     * never reach it (or never nominate) stays running for ever (seen once in CI for WHIP).
     */
    static final long RESTART_NANOS = TimeUnit.SECONDS.toNanos(15);

    /** What the connection above the transport does with what arrives. */
    public interface Handler {
        /** An SRTP packet, still protected (the handler knows the SSRC's context). */
        void onRtp(PacketBuffer packet);

        /** An unprotected RTCP compound packet. */
        void onRtcp(PacketBuffer packet);

        /**
         * The worker's turn (up to 64 packets, each given to {@link #onRtp} or
         * {@link #onRtcp}) ends: what was gathered for them may leave now. Still on the turn,
         * so never at the same time as another of this connection's packets.
         */
        default void onTurnEnd() {
        }

        /** DTLS finished: SRTP contexts can be derived. */
        void onSecured(SrtpSession srtp);

        /**
         * The established path failed (ICE failed, or nothing arrived for {@link #IDLE_NANOS}):
         * time for an ICE restart. The transport closes by itself if nothing arrives for
         * {@link #GONE_NANOS}.
         */
        void onPathLost();

        /** The transport failed or the peer left; called once. */
        void onClosed(String reason);
    }

    private final String name;
    private final MediaThreads threads;
    private final Handler handler;
    private final IceHost.Lease ports;
    private final boolean controlling;
    /** The agent packets go out on. */
    private volatile IceTransport ice;
    /** An ICE restart's agent, until it completes; null when none is under way. */
    private volatile IceTransport restarting;
    /** The agent a restart replaced, closed a moment after. */
    private volatile IceTransport retired;
    private int failedRestarts;
    private final ArrayBlockingQueue<Buffer> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Packets dropped because the queue was full (logged when the connection closes). */
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final PacketBuffer received = new PacketBuffer();
    private final int rtcpSsrc = RANDOM.nextInt() | 1;
    private final String cname = "nereid-" + Integer.toHexString(RANDOM.nextInt());
    private final RtcpCompound compound = new RtcpCompound(cname);
    private final long createdNanos = System.nanoTime();
    private final ScheduledFuture<?> watchdog;
    private final long restartNanos;
    /** When the restart's agent started (its checks began); 0 while none has. */
    private volatile long restartStartedNanos;
    private volatile DtlsEndpoint dtls;
    private volatile RemoteFingerprint fingerprint;
    private volatile SrtpSession srtp;
    private volatile SrtcpCryptoContext rtcpContext;
    private volatile boolean reachFirst;
    private volatile long lastReceivedNanos;
    /** The lastReceivedNanos for which the lost path was reported (once per silence). */
    private long reportedSilence;

    public PeerTransport(String name, IceHost host, boolean controlling, MediaThreads threads, Handler handler)
            throws IOException {
        this(name, host, controlling, threads, handler, RESTART_NANOS);
    }

    /** With another bound on a restart, for tests. */
    PeerTransport(String name, IceHost host, boolean controlling, MediaThreads threads, Handler handler,
                  long restartNanos) throws IOException {
        this.name = name;
        this.restartNanos = restartNanos;
        this.threads = threads;
        this.handler = handler;
        this.controlling = controlling;
        this.ports = host.lease();
        try {
            this.ice = newAgent();
        } catch (IOException | RuntimeException e) {
            ports.close();
            throw e;
        }
        this.watchdog = threads.timer.scheduleWithFixedDelay(this::checkAlive, 1, 1, TimeUnit.SECONDS);
    }

    private IceTransport newAgent() throws IOException {
        IceTransport agent = new IceTransport(ports, controlling, this::receive, this::iceState);
        if (reachFirst) {
            agent.reachFirst();
        }
        return agent;
    }

    /**
     * This connection's agents send the first checks (the peer is another node's SFU,
     * which only answers them: docs/cluster.md). Call before {@link #start}.
     */
    public synchronized void reachPeerFirst() {
        reachFirst = true;
        ice.reachFirst();
    }

    /**
     * The ICE agent the next session description describes: a restart's
     * agent while one is under way, otherwise the one in use.
     */
    public IceTransport ice() {
        IceTransport r = restarting;
        return r != null ? r : ice;
    }

    /**
     * Prepares an ICE restart: a new agent with new credentials, which {@link #ice()}
     * returns from now on; {@link #start} starts it with the peer's new credentials.
     * Nothing happens before the first agent has started (there is nothing to restart),
     * nor while a restart's agent waits for its start.
     */
    public synchronized void restartIce() throws IOException {
        IceTransport pending = restarting;
        if (closed.get() || !ice.isStarted() || pending != null && !pending.isStarted()) {
            return;
        }
        restartStartedNanos = 0;
        restarting = newAgent();
        if (pending != null) {
            pending.close();
        }
        LOG.info("{}: ICE restart, new ufrag {}", name, restarting.localUfrag());
    }

    /** Whether {@code remoteUfrag} is not the one the current ICE agent talks to (the peer restarted ICE). */
    public boolean isNewRemoteUfrag(String remoteUfrag) {
        String current = ice().remoteUfrag();
        return current != null && !current.equals(remoteUfrag);
    }

    /** A trickled candidate, for the agent of its ufrag (the newest when the peer did not say). */
    public void addRemoteCandidate(String candidate, String ufrag) {
        IceTransport current = ice;
        IceTransport target = ufrag != null && ufrag.equals(current.remoteUfrag()) ? current : ice();
        target.addRemoteCandidate(candidate);
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
     * Starts ICE with the peer's credentials on {@link #ice()} (a no-op when that agent
     * has started already); the first time, DTLS follows when ICE completes.
     *
     * @param dtlsServer whether we are the DTLS server (from a=setup); the first call decides
     */
    public synchronized void start(String remoteUfrag, String remotePassword, List<String> candidates,
                                   boolean dtlsServer, RemoteFingerprint fingerprint) {
        if (dtls == null) {
            this.fingerprint = fingerprint;
            dtls = new DtlsEndpoint(dtlsServer, fingerprint, this::sendDatagram, threads.io,
                    () -> close("the peer closed DTLS"));
        }
        IceTransport agent = ice();
        if (agent == restarting && !agent.isStarted()) {
            restartStartedNanos = System.nanoTime();
        }
        agent.start(remoteUfrag, remotePassword, candidates);
    }

    /** Whether DTLS checks this fingerprint (or none yet): a peer changing it needs a new connection. */
    public boolean keepsFingerprint(RemoteFingerprint other) {
        RemoteFingerprint f = fingerprint;
        return f == null || f.algorithm().equalsIgnoreCase(other.algorithm()) && f.value().equalsIgnoreCase(other.value());
    }

    private void sendDatagram(byte[] b, int off, int len) throws IOException {
        ice.send(b, off, len);
    }

    private void iceState(IceTransport agent, IceProcessingState state) {
        LOG.debug("{}: ICE {} {}", name, agent.localUfrag(), state);
        if (state == IceProcessingState.COMPLETED) {
            if (agent == restarting) {
                promote(agent);
            }
            if (agent == ice && dtls != null) {
                threads.io.execute(this::handshake);
            }
        } else if (state == IceProcessingState.FAILED) {
            if (agent == restarting) {
                dropRestart(agent, "failed");
            } else if (agent == ice && srtp == null) {
                threads.timer.execute(() -> close("ICE failed: no network path to the peer"));
            } else if (agent == ice) {
                threads.timer.execute(handler::onPathLost);
            }
        }
    }

    /** A restart's agent completed: packets go out on it, and the old one closes a moment later. */
    private void promote(IceTransport agent) {
        IceTransport old;
        synchronized (this) {
            if (restarting != agent || closed.get()) {
                return;
            }
            old = ice;
            ice = agent;
            restarting = null;
            restartStartedNanos = 0;
            retired = old;
            failedRestarts = 0;
        }
        LOG.info("{}: ICE restart done, now on ufrag {}", name, agent.localUfrag());
        threads.timer.schedule(old::close, RETIRE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * A restart's agent failed: it goes, and a new restart is asked for. Under load ice4j
     * sometimes fails its own checks of a restart that the browser completed ("the remote
     * end was able to reach us"); the browser then sends on a pair that no longer answers,
     * so staying on the old pair is no option.
     */
    private void dropRestart(IceTransport agent, String why) {
        boolean again;
        synchronized (this) {
            if (restarting != agent) {
                return;
            }
            restarting = null;
            restartStartedNanos = 0;
            again = ++failedRestarts <= MAX_FAILED_RESTARTS;
        }
        LOG.info("{}: ICE restart {}{}", name, why, again ? "; asking for another" : "");
        agent.close();
        if (again) {
            threads.timer.execute(handler::onPathLost);
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
            // bctls's EOFException and some alerts carry no message: name the exception then
            close("the DTLS handshake failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
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
        } else if (kind == PacketKind.RTP || kind == PacketKind.RTCP) {
            if (srtp != null) {
                overflowed.incrementAndGet();   // the workers are behind: this packet is lost
            }
            BufferPool.returnBuffer.invoke(buffer);
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
        try {
            handler.onTurnEnd();
        } catch (RuntimeException e) {
            LOG.warn("{}: dropped a turn's packets: {}", name, e.toString());
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

    @Override
    public boolean sendsSegments() {
        return ice.sendsSegments();
    }

    @Override
    public void sendSegments(byte[] b, int len, int segment) {
        try {
            ice.sendSegments(b, len, segment);
        } catch (IOException | RuntimeException e) {
            // as in send: lost like any UDP packets
        }
    }

    private void send(PacketBuffer packet) {
        try {
            ice.send(packet.getBuffer(), packet.getOffset(), packet.getLength());
        } catch (IOException e) {
            // no selected pair yet or the socket closed: the packet is lost like any UDP packet
        } catch (RuntimeException e) {
            // ice4j's TCP candidate keeps its sockets in a plain list: a connection the peer opens
            // while we send may trip the iteration; this packet is lost, the worker goes on to others
        }
    }

    private void checkAlive() {
        long now = System.nanoTime();
        long last = lastReceivedNanos;
        IceTransport r = restarting;
        long restartStarted = restartStartedNanos;
        if (r != null && restartStarted != 0 && now - restartStarted > restartNanos) {
            dropRestart(r, "did not complete within " + TimeUnit.NANOSECONDS.toSeconds(restartNanos) + " s");
        }
        if (srtp == null && now - createdNanos > SETUP_NANOS) {
            close("the connection was not established within 30 seconds");
        } else if (srtp != null && now - last > GONE_NANOS) {
            close("the peer stopped sending for 30 seconds");
        } else if (srtp != null && now - last > IDLE_NANOS && reportedSilence != last) {
            reportedSilence = last;
            LOG.info("{}: nothing received for 10 seconds; the path is lost", name);
            handler.onPathLost();
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

    private synchronized void closeAgents() {
        for (IceTransport agent : new IceTransport[] {ice, restarting, retired}) {
            if (agent != null) {
                agent.close();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    private void release() {
        if (overflowed.get() > 0) {
            LOG.info("{}: {} packets were dropped on arrival: the connection's queue was full", name, overflowed.get());
        }
        watchdog.cancel(false);
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        closeAgents();
        ports.close();
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
