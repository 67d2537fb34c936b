package org.nereid.record;

import java.util.PriorityQueue;

/**
 * Interleaves the frames of a file's tracks in time order. A frame is
 * released once every track has reached its time, or when too many are held
 * (a silent track must not stall the other); frames are never dropped here.
 */
final class BlockSorter {
    /** A frame on its way to the file. */
    record Block(int track, long timeMs, boolean keyframe, byte[] data, long order) {
    }

    /** Receives the frames in order. */
    interface Sink {
        void write(Block block) throws java.io.IOException;
    }

    static final int MAX_HELD = 64;

    private final PriorityQueue<Block> queue = new PriorityQueue<>((a, b) -> a.timeMs() != b.timeMs()
            ? Long.compare(a.timeMs(), b.timeMs())
            : Long.compare(a.order(), b.order()));
    private final long[] reached;       // per track index: the latest time seen, MIN_VALUE before any
    private long order;

    BlockSorter(int tracks) {
        reached = new long[tracks];
        java.util.Arrays.fill(reached, Long.MIN_VALUE);
    }

    void add(int trackIndex, int trackNumber, long timeMs, boolean keyframe, byte[] data, Sink sink)
            throws java.io.IOException {
        reached[trackIndex] = Math.max(reached[trackIndex], timeMs);
        queue.add(new Block(trackNumber, timeMs, keyframe, data, order++));
        long safe = Long.MAX_VALUE;
        for (long r : reached) {
            safe = Math.min(safe, r);
        }
        while (!queue.isEmpty() && (queue.size() > MAX_HELD || queue.peek().timeMs() <= safe)) {
            sink.write(queue.poll());
        }
    }

    void flush(Sink sink) throws java.io.IOException {
        while (!queue.isEmpty()) {
            sink.write(queue.poll());
        }
    }

    /** Forgets the held frames (after a failure) and what each track reached (for a new file). */
    void reset() {
        queue.clear();
        java.util.Arrays.fill(reached, Long.MIN_VALUE);
    }
}
