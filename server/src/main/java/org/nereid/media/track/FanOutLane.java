package org.nereid.media.track;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private final byte[] packet = new byte[PacketCache.SLOT_SIZE];
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
        this.workers = workers;
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
        if (running.compareAndSet(false, true)) {
            workers.execute(drain);
        }
    }

    private void drain() {
        long h = head.get();
        for (int n = 0; n < BATCH && h < tail.get(); n++) {
            int i = (int) h & mask;
            UpTrack track = tracks[i];
            DownTrack[] to = receivers[i];
            int seq = seqs[i];
            int keyframe = kinds[i];
            tracks[i] = null;
            receivers[i] = null;
            head.set(++h);
            try {
                forward(track, to, seq, keyframe);
            } catch (RuntimeException e) {
                LOG.warn("fan-out lane: dropped a packet: {}", e.toString());
            }
        }
        running.set(false);
        if (h < tail.get() && running.compareAndSet(false, true)) {
            workers.execute(drain);
        }
    }

    private void forward(UpTrack track, DownTrack[] to, int seq, int keyframe) {
        int len = track.cache().get(seq, packet, 0);
        if (len < 0) {
            missed++;
            return;
        }
        boolean stillWaiting = false;
        for (DownTrack d : to) {
            stillWaiting |= d.forward(track, packet, 0, len, keyframe);
        }
        if (stillWaiting) {
            track.requestKeyframe();
        }
    }

    long backlog() {
        return tail.get() - head.get();
    }

    long dropped() {
        return full + missed;
    }
}
