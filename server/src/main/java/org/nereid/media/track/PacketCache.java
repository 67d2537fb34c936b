package org.nereid.media.track;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The last packets of one up track, by sequence number, to answer NACKs and
 * to replay the latest keyframe. One thread writes (the track's worker);
 * any thread reads. Each slot carries a version that is odd while it is
 * being written, so a reader that raced a writer sees it and misses instead
 * of returning a torn packet.
 */
public final class PacketCache {
    public static final int SLOT_SIZE = 1504;

    private final int mask;
    private final byte[][] data;
    private final int[] lengths;
    private final int[] seqs;
    private final AtomicIntegerArray versions;
    private volatile int lastKeyframe = -1;
    private volatile int newest = -1;

    /** @param capacity rounded up to a power of two */
    public PacketCache(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        mask = size - 1;
        data = new byte[size][SLOT_SIZE];
        lengths = new int[size];
        seqs = new int[size];
        versions = new AtomicIntegerArray(size);
    }

    public int capacity() {
        return mask + 1;
    }

    /** Stores a packet (too large ones are skipped). Single writer. */
    public void store(int seq, byte[] b, int off, int len, boolean keyframe) {
        if (len > SLOT_SIZE) {
            return;
        }
        int i = seq & mask;
        int v = versions.get(i);
        versions.set(i, v + 1);
        System.arraycopy(b, off, data[i], 0, len);
        lengths[i] = len;
        seqs[i] = seq;
        versions.set(i, v + 2);
        if (keyframe) {
            lastKeyframe = seq;
        }
        newest = seq;
    }

    /** Copies packet {@code seq} into {@code dst} and returns its length, or -1 when it is not cached. */
    public int get(int seq, byte[] dst, int dstOff) {
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

    /** Sequence number of the newest packet that started a keyframe, or -1. */
    public int lastKeyframe() {
        return lastKeyframe;
    }

    /** Sequence number of the newest packet stored, or -1. */
    public int newest() {
        return newest;
    }
}
