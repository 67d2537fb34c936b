package org.nereid.media.layer;

import java.util.concurrent.atomic.AtomicLongArray;
import org.nereid.media.rtp.Rtp;

/**
 * Which temporal and spatial layers of the forwarded encoding one receiver gets (VP8
 * temporal layers; VP9 temporal and spatial layers, SVC), read from each packet's payload
 * descriptor. The layers above the limits are dropped through the {@link StreamRewriter},
 * so the receiver sees a continuous stream. Limits change only where the receiver can
 * decode on: down at the start of any picture; a temporal layer up at a keyframe or at a
 * picture that is a switching point for its layer (VP8 Y, VP9 U); a spatial layer up only
 * at a keyframe (as Galène: the caller asks for one). A spatial layer down at once too, unless
 * frames of the layers it keeps were left out since the last keyframe (k-SVC: the lower
 * layers' frames that no upper layer refers to, which their own later frames do refer to):
 * then at the next keyframe too, the receiver staying where it is until then. When upper
 * spatial layers are dropped, the marker bit goes on the last packet of the highest one
 * forwarded.
 *
 * <p>The limits wanted are set by the receiver's connection ({@link #want}); everything else
 * is the forwarding thread's. No lock, no allocation per packet.
 */
public final class LayerFilter {
    /** {@link #admit}: the packet was left out (the rewriter has shifted the stream past it). */
    public static final int DROPPED = 0;
    public static final int FORWARD = 1;
    /** {@link #admit}: forward with the marker bit set (it ends the picture as forwarded). */
    public static final int FORWARD_MARKED = 2;
    /** Highest layer index told apart (Chrome sends up to 3 spatial × 3 temporal layers); higher ones count as it. */
    public static final int TOP = 3;

    private enum Codec { VP8, VP9, OTHER }

    private final Codec codec;
    private final StreamRewriter rewriter;
    private volatile int wantedTid = TOP;
    private volatile int wantedSid = TOP;
    // the forwarding thread's (volatile for statistics and the chooser)
    private volatile int tid = TOP;
    private volatile int sid = TOP;
    private volatile int maxTid = -1;
    private volatile int maxSid = -1;
    private volatile long dropped;
    /** Spatial layers (a bit each) with a frame left out as not referenced upward since the last keyframe. */
    private volatile int leftOut;
    private long pictureTimestamp = -1;
    /** Payload bytes seen per layer, index sid × (TOP + 1) + tid (the forwarding thread writes, the timer reads). */
    private final AtomicLongArray bytes = new AtomicLongArray((TOP + 1) * (TOP + 1));
    // the media timer's: the last sample, and each layer's bitrate since the one before
    private final long[] sampledBytes = new long[(TOP + 1) * (TOP + 1)];
    private long sampledAt;
    private volatile long[] rates = new long[(TOP + 1) * (TOP + 1)];

    /** @param codecKey the forwarded codec ("vp8", "vp9"; others pass unfiltered) */
    public LayerFilter(String codecKey, StreamRewriter rewriter) {
        this.codec = switch (codecKey) {
            case "vp8" -> Codec.VP8;
            case "vp9" -> Codec.VP9;
            default -> Codec.OTHER;
        };
        this.rewriter = rewriter;
    }

    /** The limits the receiver should get from now on (taken at the next point where it can). */
    public void want(int spatial, int temporal) {
        wantedSid = spatial;
        wantedTid = temporal;
    }

    /**
     * Whether the packet (of the forwarded layer, already rewritten into the receiver's stream
     * by nothing yet) is to be sent: {@link #DROPPED}, {@link #FORWARD} or {@link #FORWARD_MARKED}.
     *
     * @param keyframe whether the packet starts a keyframe ({@code Keyframes})
     */
    public int admit(byte[] b, int off, int len, boolean keyframe) {
        if (codec == Codec.OTHER) {
            return FORWARD;
        }
        int p = off + Rtp.headerLength(b, off, len);
        int n = off + len - p;
        if (n < 1) {
            return FORWARD;
        }
        return codec == Codec.VP8 ? vp8(b, off, len, p, n, keyframe) : vp9(b, off, len, p, n, keyframe);
    }

    private int vp8(byte[] b, int off, int len, int p, int n, boolean keyframe) {
        int at = Vp8Descriptor.temporalAt(b, p, n);
        if (at == Vp8Descriptor.ABSENT) {
            return FORWARD;
        }
        int t = Math.min(TOP, Vp8Descriptor.temporalId(b, at));
        seen(0, t, n);
        // limits change only where the stream is: not at a frame start recovered late
        if (Vp8Descriptor.startsFrame(b, p, n) && rewriter.isAhead(b, off)) {
            tid = nextTemporal(t, keyframe, Vp8Descriptor.layerSync(b, at));
        }
        return t > tid ? drop(b, off, len) : FORWARD;
    }

    private int vp9(byte[] b, int off, int len, int p, int n, boolean keyframe) {
        int at = Vp9Descriptor.layersAt(b, p, n);
        if (at == Vp9Descriptor.ABSENT) {
            return FORWARD;
        }
        int t = Math.min(TOP, Vp9Descriptor.temporalId(b, at));
        int s = Math.min(TOP, Vp9Descriptor.spatialId(b, at));
        seen(s, t, n);
        long ts = Rtp.timestamp(b, off);
        if (ts != pictureTimestamp && Vp9Descriptor.beginsFrame(b, p) && rewriter.isAhead(b, off)) {
            pictureTimestamp = ts;
            tid = nextTemporal(t, keyframe, Vp9Descriptor.switchingUp(b, at));
            if (keyframe) {
                leftOut = 0;
                sid = wantedSid;
            } else if (canGoDownTo(wantedSid)) {
                sid = wantedSid;
            }
        }
        int top = maxSid;
        int limit = Math.min(sid, top);
        if (t > tid || s > limit) {
            return drop(b, off, len);
        }
        if (s < limit && Vp9Descriptor.notReferencedUpward(b, p)) {
            leftOut |= 1 << s;
            return drop(b, off, len);
        }
        // the publisher marks the last packet of its highest spatial layer, which is not sent
        boolean ends = s == limit && limit < top && Vp9Descriptor.endsFrame(b, p) && !Rtp.marker(b, off);
        return ends ? FORWARD_MARKED : FORWARD;
    }

    /** The temporal limit from the picture starting now, of layer {@code t}, a keyframe or a switching point. */
    private int nextTemporal(int t, boolean keyframe, boolean switchPoint) {
        int current = tid;
        int wanted = wantedTid;
        if (wanted == current) {
            return current;
        }
        if (keyframe || wanted < current) {
            return wanted;
        }
        return switchPoint && t > current && t <= wanted ? t : current;
    }

    private int drop(byte[] b, int off, int len) {
        if (!rewriter.drop(b, off, len)) {
            return FORWARD;
        }
        dropped++;
        return DROPPED;
    }

    private void seen(int s, int t, int payload) {
        if (t > maxTid) {
            maxTid = t;
        }
        if (s > maxSid) {
            maxSid = s;
        }
        int i = s * (TOP + 1) + t;
        bytes.lazySet(i, bytes.get(i) + payload);
    }

    /** Takes each layer's bitrate since the last sample (the media timer). */
    public void sample(long nowNanos) {
        long elapsed = nowNanos - sampledAt;
        long[] next = new long[sampledBytes.length];
        for (int i = 0; i < next.length; i++) {
            long now = bytes.get(i);
            next[i] = sampledAt == 0 || elapsed <= 0 ? 0 : (now - sampledBytes[i]) * 8 * 1_000_000_000L / elapsed;
            sampledBytes[i] = now;
        }
        sampledAt = nowNanos;
        rates = next;
    }

    /** What the layers up to spatial {@code s} and temporal {@code t} carried at the last sample, bit/s. */
    public long bitrateUpTo(int s, int t) {
        long[] r = rates;
        long sum = 0;
        for (int i = 0; i <= s; i++) {
            for (int j = 0; j <= t; j++) {
                sum += r[i * (TOP + 1) + j];
            }
        }
        return sum;
    }

    /**
     * Whether spatial limit {@code wanted}, below the one in force, can be taken without a keyframe:
     * every frame of the layers up to it was forwarded since the last one (or it changes nothing).
     */
    private boolean canGoDownTo(int wanted) {
        return wanted < sid && (wanted >= Math.min(sid, maxSid) || (leftOut & ((2 << wanted) - 1)) == 0);
    }

    /** Whether the receiver waits for a keyframe to get the spatial layer it should (up, or down in k-SVC). */
    public boolean awaitsKeyframe() {
        int wanted = wantedSid;
        return wanted > sid && sid < maxSid || wanted < sid && !canGoDownTo(wanted);
    }

    /** The limits wanted ({@link #want}), spatial × ({@link #TOP} + 1) + temporal: a change is worth a log line. */
    public int wanted() {
        return wantedSid * (TOP + 1) + wantedTid;
    }

    /** Highest temporal layer seen, -1 when the stream has no temporal layers. */
    public int maxTemporal() {
        return maxTid;
    }

    /** Highest spatial layer seen, -1 when the stream has no layer indices (0 for VP8). */
    public int maxSpatial() {
        return maxSid;
    }

    /** The temporal limit in force (capped to what the stream has). */
    public int temporal() {
        return Math.min(tid, maxTid);
    }

    /** The spatial limit in force (capped to what the stream has). */
    public int spatial() {
        return Math.min(sid, maxSid);
    }

    /** Packets left out so far. */
    public long dropped() {
        return dropped;
    }
}
