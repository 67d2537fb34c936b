package org.nereid.media.track;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nereid.media.ice.GsoSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slice of one publisher's receivers, forwarded to by whichever worker runs the lane:
 * the publisher's worker {@link #offer offers} each packet (its track, its sequence
 * number and the receivers of the slice as they were then), and the lane copies the
 * packet back out of the track's {@link PacketCache} and forwards it to each of them.
 * One producer (the publisher's connection, one batch at a time) and one consumer (the
 * lane, one batch at a time) share a ring of preallocated slots: no lock and no
 * allocation per packet. A full ring drops the packet for this slice only; a lane so
 * far behind that the cache has overwritten the packet drops it too (both counted).
 *
 * <p>With UDP GSO ({@link GsoSender}, on by default), a run's consecutive packets of one
 * track to the same receivers go receiver by receiver: each receiver's packets are protected
 * into one {@link SendBatch}, and the batches to all the receivers leave together in a few
 * system calls ({@code sendmmsg}), made by the worker itself when the group is done; what the
 * worker sends another way meanwhile (padding, a replay) first sends them, so nothing
 * overtakes. Otherwise ({@code -Dnereid.gso=false}) packet by packet, each to every receiver
 * at once, as before.
 *
 * <p>A lane made {@link #forPublisherWorker} has no workers: the publisher's worker queues a
 * turn's packets for its inline receivers there and {@link #forwardQueued forwards} them itself
 * when the turn ends, so that those receivers' packets are batched too.
 */
public final class FanOutLane {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutLane.class);
    /**
     * Slots in the ring: a second of a 1.5 Mbit/s video with its audio, less than a video
     * track's cache holds (512) and about what an audio track's (64) holds of audio.
     */
    static final int CAPACITY = 256;
    /** Packets a run forwards before it gives the worker to others (the lane's packets stay in order). */
    private static final int BATCH = 32;

    private final Executor workers;
    private final int mask;
    private final UpTrack[] tracks;
    private final DownTrack[][] receivers;
    private final int[] seqs;
    private final int[] kinds;
    private final boolean batching;
    /** The run being forwarded, copied out of the ring and the caches (allocated on first use). */
    private UpTrack[] runTracks;
    private DownTrack[][] runReceivers;
    private int[] runKinds;
    private int[] runLengths;
    private byte[][] runPackets;
    /** The worker's batch: used within one run and flushed before the run ends. */
    private static final ThreadLocal<SendBatch> SEND_BATCH = ThreadLocal.withInitial(SendBatch::new);
    /** Next slot to fill (written by the producer only). */
    private final AtomicLong tail = new AtomicLong();
    /** Next slot to forward (written by the consumer only). */
    private final AtomicLong head = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile long full;
    private volatile long missed;
    /** Receivers placed here, guarded by the {@link FanOut} that owns the lane. */
    int placed;

    /** @param capacity slots, rounded up to a power of two */
    FanOutLane(Executor workers, int capacity) {
        this(workers, capacity, GsoSender.enabled());
    }

    /**
     * A lane forwarded by the publisher's worker itself, at the end of each turn
     * ({@link #forwardQueued}): never handed to a pool; its runs go into send batches.
     */
    static FanOutLane forPublisherWorker(int capacity) {
        return new FanOutLane(null, capacity, true);
    }

    /**
     * @param workers  the pool that runs the lane, or null when its producer forwards what it queued
     * @param batching whether runs go receiver by receiver into send batches
     */
    FanOutLane(Executor workers, int capacity, boolean batching) {
        this.workers = workers;
        this.batching = batching;
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.tracks = new UpTrack[size];
        this.receivers = new DownTrack[size][];
        this.seqs = new int[size];
        this.kinds = new int[size];
    }

    /**
     * Queues packet {@code seq} of {@code track}, just stored in its cache, for {@code to}
     * (the publisher's worker); {@code keyframe} is its {@link org.nereid.media.rtp.Keyframes} answer.
     */
    void offer(UpTrack track, DownTrack[] to, int seq, int keyframe) {
        long t = tail.get();
        if (t - head.get() > mask) {
            full++;
            return;
        }
        int i = (int) t & mask;
        tracks[i] = track;
        receivers[i] = to;
        seqs[i] = seq;
        kinds[i] = keyframe;
        tail.set(t + 1);
        if (workers != null && running.compareAndSet(false, true)) {
            workers.execute(drain);
        }
    }

    private void drain() {
        long h = batching ? drainRun() : drainPackets();
        running.set(false);
        if (h < tail.get() && running.compareAndSet(false, true)) {
            workers.execute(drain);
        }
    }

    /** Forwards every packet queued, on the calling thread: the producer's, for a lane without workers. */
    void forwardQueued() {
        while (head.get() < tail.get()) {
            drainRun();
        }
    }

    /** Forwards up to {@link #BATCH} packets, each to all its receivers in turn; returns the new head. */
    private long drainPackets() {
        allocateRun();
        long h = head.get();
        for (int n = 0; n < BATCH && h < tail.get(); n++) {
            h = take(h, 0);
            if (runLengths[0] >= 0) {
                forwardGroup(0, 1, null);
            }
            runTracks[0] = null;
            runReceivers[0] = null;
        }
        return h;
    }

    /**
     * Takes up to {@link #BATCH} packets, then forwards each group of consecutive packets of
     * one track to the same receivers receiver by receiver, through the worker's batch;
     * returns the new head.
     */
    private long drainRun() {
        allocateRun();
        long h = head.get();
        int n = 0;
        while (n < BATCH && h < tail.get()) {
            h = take(h, n);
            if (runLengths[n] >= 0) {
                n++;
            }
        }
        SendBatch batch = SEND_BATCH.get();
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && runTracks[end] == runTracks[start] && runReceivers[end] == runReceivers[start]) {
                end++;
            }
            forwardGroup(start, end, batch);
            start = end;
        }
        for (int i = 0; i < n; i++) {
            runTracks[i] = null;
            runReceivers[i] = null;
        }
        return h;
    }

    /** Moves slot {@code h} of the ring into place {@code at} of the run, its packet read from the cache. */
    private long take(long h, int at) {
        int i = (int) h & mask;
        UpTrack track = tracks[i];
        runTracks[at] = track;
        runReceivers[at] = receivers[i];
        runKinds[at] = kinds[i];
        int seq = seqs[i];
        tracks[i] = null;
        receivers[i] = null;
        head.set(h + 1);
        runLengths[at] = track.cache().get(seq, runPackets[at], 0);
        if (runLengths[at] < 0) {
            missed++;
        }
        return h + 1;
    }

    /**
     * Forwards packets {@code [start, end)} of the run (one track, the same receivers): with
     * a batch, all of them to each receiver before the next, each receiver's sent in one call;
     * without, each packet to every receiver.
     */
    private void forwardGroup(int start, int end, SendBatch batch) {
        UpTrack track = runTracks[start];
        DownTrack[] to = runReceivers[start];
        boolean stillWaiting = false;
        try {
            if (batch == null) {
                for (int p = start; p < end; p++) {
                    for (DownTrack d : to) {
                        stillWaiting |= d.forward(track, runPackets[p], 0, runLengths[p], runKinds[p], null);
                    }
                }
            } else {
                for (DownTrack d : to) {
                    for (int p = start; p < end; p++) {
                        stillWaiting |= d.forward(track, runPackets[p], 0, runLengths[p], runKinds[p], batch);
                    }
                    batch.flush();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("fan-out lane: dropped packets: {}", e.toString());
        } finally {
            if (batch != null) {
                batch.finish();
            }
        }
        if (stillWaiting) {
            track.requestKeyframe();
        }
    }

    private void allocateRun() {
        if (runPackets == null) {
            int size = batching ? BATCH : 1;
            runTracks = new UpTrack[size];
            runReceivers = new DownTrack[size][];
            runKinds = new int[size];
            runLengths = new int[size];
            runPackets = new byte[size][PacketCache.SLOT_SIZE];
        }
    }

    long backlog() {
        return tail.get() - head.get();
    }

    long dropped() {
        return full + missed;
    }
}
