package org.nereid.record;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.nereid.media.PacketTap;
import org.nereid.media.rtp.Rtp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that feeds a group's {@link StreamRecorder}s, off the packet
 * path. A tap copies each packet into a pooled buffer and queues it; when the
 * queue is full (the disk is slower than the network) the packet is dropped
 * and counted, the recorder sees a gap and asks for a keyframe. The packet
 * path never blocks and, once the pool is warm, allocates nothing.
 */
public final class RecordingWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingWorker.class);
    static final int CAPACITY = 2048;
    private static final int SLOT_SIZE = 1504;
    private static final long POLL_MILLIS = 50;

    /** One queued packet or sender report. */
    private static final class Slot {
        final byte[] data = new byte[SLOT_SIZE];
        StreamRecorder recorder;
        int track;
        int length;
        boolean senderReport;
        long ntp;
        long rtp;
        long arrivalMillis;
    }

    private final BlockingQueue<Slot> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Queue<Slot> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger allocated = new AtomicInteger();
    /** A task, run once the worker has handled the packets queued before it ({@code mark} of them). */
    private record Task(Runnable run, long mark) {
    }

    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private long handled; // worker thread only
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    public RecordingWorker(String name) {
        thread = new Thread(this::run, "nereid-record-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A tap that queues the packets of one track for {@code recorder}'s track {@code track}. */
    public PacketTap tap(StreamRecorder recorder, int track) {
        return new PacketTap() {
            @Override
            public void rtp(byte[] packet, int offset, int length) {
                if (length > SLOT_SIZE) {
                    dropped.incrementAndGet();
                    return;
                }
                Slot s = slot();
                if (s == null) {
                    return;
                }
                System.arraycopy(packet, offset, s.data, 0, length);
                s.length = length;
                s.senderReport = false;
                enqueue(s, recorder, track);
            }

            @Override
            public void senderReport(long ntpTime, long rtpTimestamp) {
                Slot s = slot();
                if (s == null) {
                    return;
                }
                s.senderReport = true;
                s.ntp = ntpTime;
                s.rtp = rtpTimestamp;
                enqueue(s, recorder, track);
            }
        };
    }

    /** Runs {@code task} on the worker thread after the packets queued so far (e.g. closing a recorder). */
    public void execute(Runnable task) {
        tasks.add(new Task(task, queued.get()));
    }

    /** Packets dropped so far because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private Slot slot() {
        if (closing) {
            return null;
        }
        Slot s = free.poll();
        if (s == null) {
            if (allocated.incrementAndGet() > CAPACITY) {
                allocated.decrementAndGet();
                dropped.incrementAndGet();
                return null;
            }
            s = new Slot();
        }
        return s;
    }

    private void enqueue(Slot s, StreamRecorder recorder, int track) {
        s.recorder = recorder;
        s.track = track;
        s.arrivalMillis = System.currentTimeMillis();
        if (queue.offer(s)) {
            // counted once queued, so every mark is reached: a task waits at least for the packets
            // queued before it by the thread that sends it
            queued.incrementAndGet();
        } else {
            release(s);
            dropped.incrementAndGet();
        }
    }

    private void release(Slot s) {
        s.recorder = null;
        free.add(s);
    }

    private void run() {
        while (true) {
            Slot s = null;
            try {
                // never interrupted: an interrupt during a FileChannel write closes the file
                s = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (s != null) {
                deliver(s);
                release(s);
                handled++;
            }
            for (Task task; (task = tasks.peek()) != null && task.mark() <= handled; ) {
                tasks.poll();
                try {
                    task.run().run();
                } catch (RuntimeException e) {
                    LOG.error("a recording task failed", e);
                }
            }
            if (closing && queue.isEmpty() && tasks.isEmpty()) {
                return;
            }
        }
    }

    private static void deliver(Slot s) {
        if (s.senderReport) {
            s.recorder.onSenderReport(s.track, s.ntp, s.rtp);
            return;
        }
        byte[] b = s.data;
        if (!Rtp.isValid(b, 0, s.length)) {
            return;
        }
        int header = Rtp.headerLength(b, 0, s.length);
        int payload = Rtp.payloadLength(b, 0, s.length);
        if (header < 0 || payload <= 0) {
            return;
        }
        s.recorder.onRtp(s.track, b, header, payload, Rtp.sequence(b, 0), Rtp.timestamp(b, 0),
                Rtp.marker(b, 0), s.arrivalMillis);
    }

    /**
     * Finishes what is queued (tasks included), then the thread stops; returns
     * at once, so the worker's own tasks may call it. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
    }

    /** Waits until the thread has finished the queue after {@link #close}; false on timeout. */
    public boolean awaitClosed(long millis) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            return false;
        }
        thread.join(millis);
        return !thread.isAlive();
    }
}
