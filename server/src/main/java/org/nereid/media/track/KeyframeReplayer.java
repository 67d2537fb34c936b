package org.nereid.media.track;

import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.layer.StreamRewriter;
import org.nereid.media.rtp.Keyframes;
import org.nereid.media.srtp.PacketBuffer;

/**
 * Replays a cached keyframe to one receiver instead of asking the publisher for one: to a new
 * receiver, and to a recovering one (its PLI or FIR) at most once per round trip, never the same
 * keyframe twice, and only while the keyframe is recent. A replay sends the cached packets from
 * the keyframe on as new ones of the receiver's stream: the stream restarts on that keyframe
 * ({@link StreamRewriter#switchTo}: the next sequence number, timestamp and picture id), so a
 * receiver that already had the older numbers decodes it as the next picture. Owned by a
 * {@link DownTrack}, whose stream it writes into.
 */
final class KeyframeReplayer {
    /**
     * A new or recovering receiver gets the cached keyframe replayed when it is at most this many
     * packets old (Galène's 40 for a new one).
     */
    static final int MAX_AGE_PACKETS = 40;
    /** A recovering receiver gets a replay at most once per round trip, and never sooner than this. */
    static final long MIN_GAP_NANOS = 30_000_000L;

    /** What a replay needs of the down track's stream. */
    interface Stream {
        /**
         * Rewrites a copy of a packet of the forwarded layer into the receiver's stream, or
         * returns false when it is of a temporal or spatial layer the receiver does not get.
         */
        boolean rewrite(byte[] b, int len, boolean keyframe, long nowNanos);

        /** Sends a packet as a new one of the receiver's stream: counted, its SSRC and payload type written over. */
        void sendNew(SrtpCryptoContext ctx, PacketBuffer out, int len);
    }

    private final UpTrack[] layers;
    private final StreamRewriter rewriter;
    private final Stream stream;
    /** Set by the receiver's PLI or FIR (its connection), taken by the forwarding thread. */
    private volatile boolean wanted;
    /** The layer's sequence number of the keyframe replayed last: never the same one twice. */
    private volatile int lastKeyframe = -1;
    private volatile long count;
    // the receiver's connection only
    private long lastAskedNanos = System.nanoTime() - 1_000_000_000L;

    /** Replays of {@code layers}' caches (lowest first) into {@code rewriter}'s stream. */
    KeyframeReplayer(UpTrack[] layers, StreamRewriter rewriter, Stream stream) {
        this.layers = layers;
        this.rewriter = rewriter;
        this.stream = stream;
    }

    /** Whether a keyframe at {@code key} is recent enough in a cache whose newest packet is {@code newest}. */
    static boolean recent(int key, int newest) {
        return key >= 0 && ((newest - key) & 0xFFFF) <= MAX_AGE_PACKETS;
    }

    /**
     * A new receiver that should get {@code layer}: when that layer's cache holds a recent
     * keyframe, the forwarding thread will replay it before the layer's next packet
     * ({@link #before}), a picture at once instead of after a PLI round trip. Returns false when
     * the publisher must be asked. Made by the forwarding thread rather than here, so that a
     * packet arriving meanwhile leaves no gap in the receiver's numbers: a gap would be NACKed,
     * repaired, and still counted lost by the receiver.
     */
    boolean wantAtStart(int layer) {
        PacketCache cache = layers[layer].cache();
        if (!layers[layer].isVideo() || !recent(cache.lastKeyframe(), cache.newest())) {
            return false;
        }
        wanted = true;
        return true;
    }

    /**
     * The receiver asked for a picture (its connection) while it gets {@code layer}: true when the
     * forwarding thread will replay that layer's cached keyframe, false when the publisher must be
     * asked.
     */
    boolean ask(int layer, long rttNanos, long nowNanos) {
        PacketCache cache = layers[layer].cache();
        int key = cache.lastKeyframe();
        if (key == lastKeyframe || !recent(key, cache.newest())
                || nowNanos - lastAskedNanos < Math.max(MIN_GAP_NANOS, rttNanos)) {
            return false;
        }
        lastAskedNanos = nowNanos;
        wanted = true;
        return true;
    }

    /** Whether a replay was asked for that the forwarding thread has not taken yet. */
    boolean wanted() {
        return wanted;
    }

    /**
     * {@link #ask} or {@link #wantAtStart} judged the cached keyframe of {@code layer} good for
     * the receiver: replay it before the packet {@code seq} of that layer (forwarding thread;
     * {@code keyframe} is a {@link Keyframes} answer for that packet), unless that packet starts a
     * keyframe itself or a newer one is on its way (the packet is older than the cached keyframe);
     * if the cache no longer serves, ask the publisher after all. Returns whether it replayed.
     */
    boolean before(int layer, int seq, int keyframe, SrtpCryptoContext ctx) {
        int key = layers[layer].cache().lastKeyframe();
        wanted = false;
        int since = (seq - key) & 0xFFFF;
        if (keyframe != Keyframes.NO || since == 0 || since >= 0x8000) {
            return false;
        }
        boolean allowed = key >= 0 && key != lastKeyframe && since <= MAX_AGE_PACKETS;
        if (allowed && replay(layer, key, (seq - 1) & 0xFFFF, ctx)) {
            return true;
        }
        layers[layer].requestKeyframe();
        return false;
    }

    /**
     * Sends the receiver packets {@code key} to {@code last} of {@code layer}'s cache (those of
     * the temporal and spatial layers it gets) as new ones, the stream restarted on {@code key}.
     * Missing packets are NACKed like any loss. The thread that owns the rewriter only.
     */
    private boolean replay(int layer, int key, int last, SrtpCryptoContext ctx) {
        PacketCache cache = layers[layer].cache();
        PacketBuffer out = PacketBuffer.scratch();
        int len = cache.get(key, out.getBuffer(), 0);
        if (len < 0 || ctx == null) {
            return false;
        }
        long now = System.nanoTime();
        rewriter.switchTo(layer, out.getBuffer(), 0, len, now);
        for (int seq = key; ; seq = (seq + 1) & 0xFFFF) {
            len = cache.get(seq, out.getBuffer(), 0);
            if (len >= 0 && stream.rewrite(out.getBuffer(), len, seq == key, now)) {
                stream.sendNew(ctx, out, len);
            }
            if (seq == last) {
                break;
            }
        }
        lastKeyframe = key;
        count++;
        return true;
    }

    /** Replays made. */
    long count() {
        return count;
    }
}
