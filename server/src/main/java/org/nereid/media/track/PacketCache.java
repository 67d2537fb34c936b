package org.nereid.media.track;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The last packets of one up track, by sequence number, to answer NACKs and
 * to replay the latest keyframe. One thread writes (the track's worker);
 * any thread reads. Each slot carries a version that is odd while it is
 * being written, so a reader that raced a writer sees it and misses instead
 * of returning a torn packet.
 *
 * <p>The capacity follows the track's rate × the longest retransmission timeout
 * of its receivers ({@link #wantedCapacity}, Galène's rule), set by the media timer
 * ({@link #fit}): a new ring is allocated there and swapped in with one volatile
 * write; the old one stays readable (the writer no longer touches it) until the
 * new ring has taken as many packets as the old one held, so a resize loses no
 * packet a NACK may still ask for, and the packet path never allocates or locks.
 */
public final class PacketCache {
    public static final int SLOT_SIZE = 1504;
    /** The cache holds four retransmission timeouts of packets (Galène's factor). */
    static final int RTO_FACTOR = 4;

    private volatile Ring current;
    /** The ring before the last resize: read while {@code current} holds less than it did. */
    private volatile Ring previous;
    private volatile int lastKeyframe = -1;
    private volatile int newest = -1;

    /** @param capacity rounded up to a power of two */
    public PacketCache(int capacity) {
        current = new Ring(powerOfTwo(capacity));
    }

    private static int powerOfTwo(int capacity) {
        return Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    }

    public int capacity() {
        return current.mask + 1;
    }

    /**
     * The packets a cache should hold (Galène's rule): {@code packetsPerSecond} × the longest
     * retransmission timeout of the track's receivers × {@value #RTO_FACTOR}, within
     * {@code [min, max]}.
     */
    public static int wantedCapacity(long packetsPerSecond, long rtoNanos, int min, int max) {
        long packets = packetsPerSecond * Math.max(0, rtoNanos) / 1_000_000_000L * RTO_FACTOR;
        return (int) Math.max(min, Math.min(max, packets));
    }

    /**
     * Resizes to {@code wanted} packets (rounded up to a power of two) unless the capacity is
     * already within [¾, 2) of it, Galène's hysteresis, so that a rate that wobbles does not
     * reallocate every second; and forgets the ring before the last resize once it can hold
     * nothing the current one lacks. Media timer only (never concurrently with itself);
     * returns whether it resized.
     */
    public boolean fit(int wanted) {
        Ring now = current;
        Ring old = previous;
        if (old != null && now.stores >= old.mask + 1) {
            previous = null;
        }
        int capacity = now.mask + 1;
        if (capacity >= wanted * 3 / 4 && capacity < wanted * 2) {
            return false;
        }
        int size = powerOfTwo(wanted);
        if (size == capacity) {
            return false;
        }
        previous = now;
        current = new Ring(size);
        return true;
    }

    /** Stores a packet (too large ones are skipped). Single writer. */
    public void store(int seq, byte[] b, int off, int len, boolean keyframe) {
        if (len > SLOT_SIZE) {
            return;
        }
        current.store(seq, b, off, len);
        if (keyframe) {
            lastKeyframe = seq;
        }
        newest = seq;
    }

    /** Copies packet {@code seq} into {@code dst} and returns its length, or -1 when it is not cached. */
    public int get(int seq, byte[] dst, int dstOff) {
        Ring now = current;
        int len = now.get(seq, dst, dstOff);
        if (len >= 0) {
            return len;
        }
        Ring old = previous;
        // once the current ring has taken as many packets as the old one held, the old one's are all
        // older than it would have kept itself (and could be mistaken for newer ones after a wrap)
        return old != null && old != now && now.stores < old.mask + 1 ? old.get(seq, dst, dstOff) : -1;
    }

    /** Sequence number of the newest packet that started a keyframe, or -1. */
    public int lastKeyframe() {
        return lastKeyframe;
    }

    /** Sequence number of the newest packet stored, or -1. */
    public int newest() {
        return newest;
    }

    /** The slots of one capacity; written by the cache's one writer. */
    private static final class Ring {
        final int mask;
        final byte[][] data;
        final int[] lengths;
        final int[] seqs;
        final AtomicIntegerArray versions;
        /** Packets stored into this ring (single writer; read by the timer and readers). */
        volatile int stores;

        Ring(int size) {
            mask = size - 1;
            data = new byte[size][SLOT_SIZE];
            lengths = new int[size];
            seqs = new int[size];
            versions = new AtomicIntegerArray(size);
        }

        void store(int seq, byte[] b, int off, int len) {
            int i = seq & mask;
            int v = versions.get(i);
            versions.set(i, v + 1);
            System.arraycopy(b, off, data[i], 0, len);
            lengths[i] = len;
            seqs[i] = seq;
            versions.set(i, v + 2);
            if (stores < Integer.MAX_VALUE) {
                stores = stores + 1;
            }
        }

        int get(int seq, byte[] dst, int dstOff) {
            int i = seq & mask;
            int before = versions.get(i);
            if ((before & 1) != 0 || seqs[i] != seq) {
                return -1;
            }
            int len = lengths[i];
            if (len <= 0 || dstOff + len > dst.length) {
                return -1;
            }
            System.arraycopy(data[i], 0, dst, dstOff, len);
            java.lang.invoke.VarHandle.acquireFence();
            boolean intact = versions.get(i) == before && seqs[i] == seq;
            return intact ? len : -1;
        }
    }
}
