package org.nereid.media.track;

/**
 * When a down track may replay a cached keyframe instead of asking the publisher for one:
 * to a new receiver, and to a recovering one (its PLI or FIR) at most once per round trip,
 * never the same keyframe twice, and only while the keyframe is recent. The down track does
 * the replay itself (it owns the stream's rewriting); this keeps the decisions and their state.
 */
final class KeyframeReplays {
    /**
     * A new or recovering receiver gets the cached keyframe replayed when it is at most this many
     * packets old (Galène's 40 for a new one).
     */
    static final int MAX_AGE_PACKETS = 40;
    /** A recovering receiver gets a replay at most once per round trip, and never sooner than this. */
    static final long MIN_GAP_NANOS = 30_000_000L;

    /** Set by the receiver's PLI or FIR (its connection), taken by the forwarding thread. */
    private volatile boolean wanted;
    /** The layer's sequence number of the keyframe replayed last: never the same one twice. */
    private volatile int lastKeyframe = -1;
    private volatile long count;
    // the receiver's connection only
    private long lastAskedNanos = System.nanoTime() - 1_000_000_000L;

    /** Whether a keyframe at {@code key} is recent enough in a cache whose newest packet is {@code newest}. */
    static boolean recent(int key, int newest) {
        return key >= 0 && ((newest - key) & 0xFFFF) <= MAX_AGE_PACKETS;
    }

    /**
     * The receiver asked for a picture (its connection): true when the forwarding thread will
     * replay the keyframe at {@code key}, false when the publisher must be asked.
     */
    boolean ask(int key, int newest, long rttNanos, long nowNanos) {
        if (key == lastKeyframe || !recent(key, newest)
                || nowNanos - lastAskedNanos < Math.max(MIN_GAP_NANOS, rttNanos)) {
            return false;
        }
        lastAskedNanos = nowNanos;
        wanted = true;
        return true;
    }

    boolean wanted() {
        return wanted;
    }

    /**
     * The forwarding thread takes the request before the packet {@code seq}: true when the
     * keyframe at {@code key} is still worth replaying before it (that packet is not the start
     * of a keyframe itself, {@code startsKeyframe}, nor one older than the keyframe).
     */
    boolean take(int key, int seq, boolean startsKeyframe) {
        wanted = false;
        int since = (seq - key) & 0xFFFF;
        return !startsKeyframe && since != 0 && since < 0x8000;
    }

    /** Whether the keyframe at {@code key}, to be replayed before the packet {@code seq}, may still be. */
    boolean allowed(int key, int seq) {
        return key >= 0 && key != lastKeyframe && ((seq - key) & 0xFFFF) <= MAX_AGE_PACKETS;
    }

    /** The keyframe at {@code key} was replayed. */
    void done(int key) {
        lastKeyframe = key;
        count++;
    }

    /** Replays made. */
    long count() {
        return count;
    }
}
