package org.nereid.media.track;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.nereid.media.ice.GsoSender;

/**
 * Who forwards one publisher's packets to which receivers. The first receivers are
 * served inline, by the worker that handles the publisher's packet as it arrives (no
 * hand-off, the lowest latency); the receivers beyond them are spread over
 * {@link FanOutLane lanes}, serial queues run by the worker pool, so that a large
 * fan-out is several threads' work and not one's (one thread doing a hundred copies
 * per packet fell behind and its connection's queue overflowed).
 *
 * <p>A receiver (its peer connection) keeps the lane it was given for as long as it
 * has a track of this publisher: its packets are then forwarded in order and by one
 * thread at a time, which its down tracks' rewriters and SRTP contexts need. Joining
 * and leaving run on signalling threads under this object's lock; the packet path
 * never takes it.
 *
 * <p>With UDP GSO ({@link GsoSender}) the inline receivers' packets are queued in a lane of
 * their own that the publisher's worker forwards itself at the end of its turn
 * ({@link #forwardInline}): a turn's packets of a track then leave in one system call per
 * receiver, as a lane's run does; a turn's first packets wait for the rest to be unprotected
 * and stored (microseconds each), not for more packets to come.
 */
public final class FanOut {
    /** Receivers served by the publisher's own worker before any lane is used. */
    static final int INLINE = 16;
    /** Receivers a lane takes before another lane is opened. */
    static final int LANE_SIZE = 16;

    /** One receiver's place: its lane (null: inline) and how many of its tracks are there. */
    private static final class Place {
        final FanOutLane lane;
        int tracks = 1;

        Place(FanOutLane lane) {
            this.lane = lane;
        }
    }

    private final Executor workers;
    private final int inlineLimit;
    private final int laneSize;
    private final int maxLanes;
    private final int laneCapacity;
    /** Where the publisher's worker queues its turn's packets for the inline receivers; null: it forwards each at once. */
    private final FanOutLane inlineLane;
    private final Map<PeerSink, Place> places = new HashMap<>();
    private final List<FanOutLane> lanes = new ArrayList<>();
    private int inline;

    /** Everything inline: for a track without a worker pool (tests, benchmarks). */
    public FanOut() {
        this(null, 0, 0, 0, 0, false);
    }

    /**
     * Lanes on {@code workers}, at most four per worker thread; with GSO, the inline receivers'
     * packets wait for the end of the worker's turn, whose owner must then call {@link #forwardInline}.
     */
    public FanOut(Executor workers, int workerThreads) {
        this(workers, INLINE, LANE_SIZE, 4 * workerThreads, FanOutLane.CAPACITY, GsoSender.enabled());
    }

    /** @param batchInline whether the inline receivers' packets wait for {@link #forwardInline} */
    FanOut(Executor workers, int inlineLimit, int laneSize, int maxLanes, int laneCapacity, boolean batchInline) {
        this.inlineLane = batchInline ? FanOutLane.forPublisherWorker(FanOutLane.CAPACITY) : null;
        this.workers = workers;
        this.inlineLimit = inlineLimit;
        this.laneSize = laneSize;
        this.maxLanes = maxLanes;
        this.laneCapacity = laneCapacity;
    }

    /**
     * A track of receiver {@code sink} starts getting this publisher: returns the lane
     * that forwards to it, or null when the publisher's worker does it inline. Every
     * track of one receiver gets the same answer until the last of them {@link #leave}s.
     */
    public synchronized FanOutLane join(PeerSink sink) {
        Place place = places.get(sink);
        if (place != null) {
            place.tracks++;
            return place.lane;
        }
        FanOutLane lane = workers == null || inline < inlineLimit ? null : chooseLane();
        if (lane == null) {
            inline++;
        } else {
            lane.placed++;
        }
        places.put(sink, new Place(lane));
        return lane;
    }

    /** The least loaded lane, or a new one when all have {@link #laneSize} receivers and there is room. */
    private FanOutLane chooseLane() {
        FanOutLane least = null;
        for (FanOutLane l : lanes) {
            if (least == null || l.placed < least.placed) {
                least = l;
            }
        }
        if (least == null || least.placed >= laneSize && lanes.size() < maxLanes) {
            least = new FanOutLane(workers, laneCapacity);
            lanes.add(least);
        }
        return least;
    }

    /** The lane the inline receivers' packets are queued in, or null when they are forwarded as each arrives. */
    FanOutLane inlineLane() {
        return inlineLane;
    }

    /**
     * Forwards the packets queued for the inline receivers during this turn of the publisher's
     * worker (that worker, at the end of its turn); nothing without {@link #inlineLane}.
     */
    public void forwardInline() {
        if (inlineLane != null) {
            inlineLane.forwardQueued();
        }
    }

    /** A track of {@code sink} stopped getting this publisher (once per {@link #join}). */
    public synchronized void leave(PeerSink sink) {
        Place place = places.get(sink);
        if (place == null || --place.tracks > 0) {
            return;
        }
        places.remove(sink);
        if (place.lane == null) {
            inline--;
        } else {
            place.lane.placed--;
        }
    }

    /** Packets waiting in all lanes now. */
    public synchronized long backlog() {
        long n = 0;
        for (FanOutLane l : lanes) {
            n += l.backlog();
        }
        return n;
    }

    /** Packets that did not reach a lane's receivers: its queue was full, or the cache had moved on. */
    public synchronized long dropped() {
        long n = inlineLane == null ? 0 : inlineLane.dropped();
        for (FanOutLane l : lanes) {
            n += l.dropped();
        }
        return n;
    }

    synchronized int lanes() {
        return lanes.size();
    }
}
