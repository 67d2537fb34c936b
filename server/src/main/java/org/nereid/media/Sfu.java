package org.nereid.media;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.nereid.media.dtls.DtlsEndpoint;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTcpListener;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.transport.MediaThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nereid's selective forwarding unit: the {@link MediaEngine} the server
 * wires to signalling. One UDP port (per bind address) carries every peer
 * connection, or with a port range each connection has its own.
 */
public final class Sfu implements MediaEngine {
    private static final Logger LOG = LoggerFactory.getLogger(Sfu.class);

    private final IceHost host;
    private final MediaThreads threads = new MediaThreads();
    private final Set<SfuSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<TransportProbe> probes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger probeNumber = new AtomicInteger();
    private final AtomicBoolean warmedUp = new AtomicBoolean();
    private volatile boolean closed;

    public Sfu(MediaConfig config) {
        this.host = new IceHost(config.bindAddresses(), config.udpPort(), config.udpPortMax(), iceTcp(config));
        LOG.info("media on {} of {}", host.describe(), config.bindAddresses());
    }

    /**
     * Warms the media crypto up once, when the first client joins a group rather than at start:
     * a server nobody calls then never holds bctls's classes and their code (~9 MB of its idle
     * footprint, docs/benchmarks.md), while a joined client usually takes seconds to offer.
     */
    @Override
    public void prepare() {
        if (closed || !warmedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.io.execute(this::warmUp);
        } catch (RejectedExecutionException closing) {
            // the server is shutting down: nobody will call
        }
    }

    private void warmUp() {
        // first use of bctls and jitsi-srtp costs seconds (class loading, signed-jar checks)
        long start = System.nanoTime();
        DtlsEndpoint.warmUp(threads.io);
        SrtpSession.warmUp();
        LOG.info("media crypto warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** ICE over TCP as configured, or null when off or its port cannot be bound (logged: UDP media still works). */
    private static IceTcpListener iceTcp(MediaConfig config) {
        if (config.iceTcpPort() == MediaConfig.NO_ICE_TCP) {
            return null;
        }
        try {
            return new IceTcpListener(config.bindAddresses(), config.iceTcpPort(), IceTcpListener.Limits.defaults());
        } catch (IOException e) {
            LOG.error("ICE-TCP is off: {}. Choose another port with -ice-tcp :PORT, or -ice-tcp \"\".",
                    e.getMessage());
            return null;
        }
    }

    /** The ICE-TCP port, or 0 when there is no ICE over TCP. */
    public int iceTcpPort() {
        return host.tcpPort();
    }

    /** The shared UDP port, or 0 when each connection has its own port of a range. */
    public int udpPort() {
        return host.port();
    }

    @Override
    public MediaSession open(String clientId, List<String> codecs, MediaEvents events) {
        if (closed) {
            throw new IllegalStateException("the media engine is closed");
        }
        prepare(); // a no-op after the first join; a cluster relay may open without one
        List<Codec> allowed = Codecs.allowed(codecs);
        SfuSession session = new SfuSession(this, clientId, allowed, events);
        sessions.add(session);
        return session;
    }

    /**
     * A transport-only peer connection answering {@code offerSdp} with the host candidates
     * of one transport, for the connectivity check; it closes itself after
     * {@link TransportProbe#LIFETIME_SECONDS}.
     */
    public TransportProbe probe(String offerSdp, TransportProbe.Candidates which) throws MediaException {
        if (closed) {
            throw new MediaException("The server is shutting down.");
        }
        probes.removeIf(TransportProbe::isClosed);
        TransportProbe probe = TransportProbe.open(this, "probe-" + probeNumber.incrementAndGet(), offerSdp, which);
        probes.add(probe);
        return probe;
    }

    IceHost host() {
        return host;
    }

    MediaThreads threads() {
        return threads;
    }

    void sessionClosed(SfuSession session) {
        sessions.remove(session);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SfuSession s : List.copyOf(sessions)) {
            s.close();
        }
        probes.forEach(TransportProbe::close);
        host.close();
        threads.close();
    }
}
