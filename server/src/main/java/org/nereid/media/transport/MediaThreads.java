package org.nereid.media.transport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SFU's threads: packet workers (one per core: unprotect, forward,
 * protect, send), an I/O pool for blocking DTLS handshakes, and one timer for
 * RTCP reports and liveness checks. ice4j's receive threads only enqueue.
 */
public final class MediaThreads implements AutoCloseable {
    public final ExecutorService workers;
    public final int workerThreads;
    public final ExecutorService io;
    public final ScheduledExecutorService timer;

    public MediaThreads() {
        workerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        workers = Executors.newFixedThreadPool(workerThreads, named("media-worker"));
        io = Executors.newCachedThreadPool(named("media-dtls"));
        timer = Executors.newSingleThreadScheduledExecutor(named("media-timer"));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
        workers.shutdownNow();
    }
}
