package org.nereid.load.rtc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.nereid.media.dtls.DtlsEndpoint;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.transport.MediaThreads;

/**
 * What every simulated client shares: the server's thread pools (DTLS
 * handshakes, timers), one pacing thread for the publishers, the socket
 * readers, and the local address media uses.
 */
public final class ClientMedia implements AutoCloseable {
    static {
        // ice4j reads these when its classes load: no cloud metadata probe, IPv4 only
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        System.setProperty("ice4j.harvest.use-ipv6", "false");
    }

    final MediaThreads threads = new MediaThreads();
    final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-pacer");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });
    /** One reader per core the tool may run on (a {@code taskset} of one core gives one). */
    final UdpReaders readers = new UdpReaders(Runtime.getRuntime().availableProcessors());
    final String bindAddress;

    public ClientMedia(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /**
     * Loads and compiles the DTLS and SRTP code before the first client joins (as the
     * server does at start), so that the first joins measure the server and not the
     * tool's own start-up: on a busy machine the tool's first handshakes took seconds.
     */
    public void warmUp() {
        SrtpSession.warmUp();
        DtlsEndpoint.warmUp(threads.io);
    }

    /** The shared timer (reports, delayed closes). */
    public ScheduledExecutorService timer() {
        return threads.timer;
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        readers.close();
        threads.close();
    }
}
