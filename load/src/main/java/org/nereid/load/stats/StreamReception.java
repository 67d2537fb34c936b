package org.nereid.load.stats;

/**
 * What one subscriber receives of one published track: unique packets,
 * duplicates, packets that came out of order, loss, and each packet's delay
 * since the publisher sent it (matched by sequence number through the
 * track's {@link SendLog}). Sequence numbers are extended across wraps
 * against the publisher's own count, so loss is measured against what was
 * really sent, including a tail the subscriber never got.
 * <p>
 * One thread at a time calls {@link #received} (the connection's packet
 * worker); any thread reads the counts.
 */
public final class StreamReception {
    /** How far back (in packets) a late packet is still told apart from a duplicate. */
    static final int WINDOW = 1024;

    private final SendLog source;
    private final LatencyHistogram latency;
    private final long[] seen = new long[WINDOW / 64];
    private long highest = -1;
    private volatile long first = -1;
    private volatile long unique;
    private volatile long duplicates;
    private volatile long reordered;
    private volatile long unmatched;
    private volatile long replayed;
    private volatile long bytes;
    private volatile long firstArrivalNanos;
    /** The last packet sent before the measured window began; {@link Long#MAX_VALUE} until it begins. */
    private volatile long windowFrom = Long.MAX_VALUE;
    private volatile long windowUnique;
    /** The last packet this subscriber is accountable for, once it has left (churn); until then none. */
    private volatile long until = Long.MAX_VALUE;

    /** @param latency where delays go (shared by all subscribers, or one per test) */
    public StreamReception(SendLog source, LatencyHistogram latency) {
        this.source = source;
        this.latency = latency;
    }

    /**
     * A packet with 16-bit sequence number {@code seq} and {@code length} bytes arrived at
     * {@code arrivalNanos}. Returns how many packets it skipped ahead of the highest so far
     * (the gap a NACK could ask for), 0 when it was in order, late or a duplicate.
     */
    public int received(int seq, int length, long arrivalNanos) {
        long ext = source.extend(seq);
        if (ext > until) {
            return 0;   // sent after the subscriber left: neither received nor lost
        }
        int gap = 0;
        if (highest < 0) {
            highest = ext;
            first = ext;
            firstArrivalNanos = arrivalNanos;
            mark(ext);
        } else if (ext > highest) {
            gap = (int) Math.min(Integer.MAX_VALUE, ext - highest - 1);
            for (long s = highest + 1; s < ext && s <= highest + WINDOW; s++) {
                clear(s);
            }
            highest = ext;
            mark(ext);
        } else if (highest - ext < WINDOW && ext >= first - WINDOW) {
            if (isMarked(ext) && ext >= first) {
                duplicates++;
                return 0;
            }
            reordered++;
            mark(ext);
            if (ext < first) {
                first = ext;
            }
        } else {
            // older than the window: cannot tell a duplicate from a very late packet; leave the counts
            duplicates++;
            return 0;
        }
        unique++;
        if (ext > windowFrom) {
            windowUnique++;
        }
        bytes += length;
        long sentAt = source.sentAt(ext);
        if (sentAt < 0) {
            unmatched++;
        } else if (sentAt >= firstArrivalNanos) {
            latency.record(arrivalNanos - sentAt);
        } else {
            // sent before our first packet arrived: the cached keyframe a server replays to a
            // new subscriber (or what was on its way then), whose age is not latency
            replayed++;
        }
        return gap;
    }

    private void mark(long ext) {
        seen[(int) ((ext >>> 6) % seen.length)] |= 1L << (ext & 63);
    }

    private void clear(long ext) {
        seen[(int) ((ext >>> 6) % seen.length)] &= ~(1L << (ext & 63));
    }

    private boolean isMarked(long ext) {
        return (seen[(int) ((ext >>> 6) % seen.length)] & (1L << (ext & 63))) != 0;
    }

    /** Packets received once (duplicates not counted). */
    public long unique() {
        return unique;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Packets that arrived after a higher sequence number had. */
    public long reordered() {
        return reordered;
    }

    /** Packets whose send time was not known (sent before the log, or a number the tool never sent). */
    public long unmatched() {
        return unmatched;
    }

    /** Packets sent before this subscriber's first packet arrived (a replay), left out of the latency. */
    public long replayed() {
        return replayed;
    }

    /** RTP bytes received (as protected on the wire). */
    public long bytes() {
        return bytes;
    }

    /** When the first packet arrived (System.nanoTime), 0 before. */
    public long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    /**
     * Packets the publisher sent from this subscriber's first packet up to {@code lastSent}
     * (an extended sequence number, normally {@link SendLog#lastExtended()} once the
     * publisher has stopped and the network drained) that never arrived.
     */
    public long lost(long lastSent) {
        long f = first;
        if (f < 0 || lastSent < f) {
            return 0;
        }
        return Math.max(0, lastSent - f + 1 - unique);
    }

    /**
     * The subscriber leaves (churn): it is accountable only for what the publisher has sent
     * up to now; what is still on its way counts when it arrives, what arrives of later
     * packets is ignored, and loss and the expected count stop there.
     */
    public void leave() {
        until = source.lastExtended();
    }

    /**
     * The measured window begins: from now on the packets the publisher sends are also
     * counted apart ({@link #windowExpected}, {@link #windowLost}), so that what was lost
     * during the joins before it, or was still on its way, does not count.
     */
    public void startWindow() {
        windowFrom = source.lastExtended();
    }

    /** Whether {@link #startWindow} was called (a subscriber that joined later has only its life's counts). */
    public boolean inWindow() {
        return windowFrom != Long.MAX_VALUE;
    }

    /** Packets the publisher sent after the window began (from our first, up to its last or our leaving). */
    public long windowExpected() {
        long f = first;
        long from = Math.max(windowFrom, f - 1);
        long to = Math.min(source.lastExtended(), until);
        return f < 0 || !inWindow() || to <= from ? 0 : to - from;
    }

    /** Of {@link #windowExpected}, those that never arrived (call once the publisher stopped and the network drained). */
    public long windowLost() {
        return Math.max(0, windowExpected() - windowUnique);
    }

    /** Packets lost up to what the publisher has sent so far, or up to the subscriber's leaving (call once it drained). */
    public long lost() {
        return lost(Math.min(source.lastExtended(), until));
    }

    /** Packets expected from the first one received up to what the publisher has sent so far, or up to the leaving. */
    public long expected() {
        return expected(Math.min(source.lastExtended(), until));
    }

    /** The packets expected from the first one received up to {@code lastSent}. */
    public long expected(long lastSent) {
        long f = first;
        return f < 0 || lastSent < f ? 0 : lastSent - f + 1;
    }
}
