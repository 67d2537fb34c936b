package org.nereid.media.nack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.nereid.media.layer.Vp8Summary;
import org.nereid.media.rtp.Rtp;

/**
 * A debugging aid for loss recovery, attached by a test to one receiver's down track (and to the
 * publisher's up tracks it is forwarded from, for the asks made of the publisher): a bounded ring
 * of what happened to each packet the receiver lost — its first copy forwarded, each of the
 * receiver's asks and what became of it (resent, refused and why, not cached), the asks to the
 * publisher and the keyframe rescues — with the time of each, so that a freeze can be laid beside
 * the repairs around it, as {@code LossRecoveryBrowserIT} does. Each copy forwarded also keeps
 * its frame (marker bit, keyframe, and for VP8 the descriptor's fields, {@link Vp8Summary}), so
 * that the frames around a freeze can be listed as the receiver got them. A track without one pays a null
 * check. Lock-free and allocation-free once made (any thread writes; a reader may see a slot being
 * written, which is good enough for a trace).
 */
public final class ResendTrace {
    public static final byte FORWARDED = 0;
    public static final byte RESENT = 1;
    public static final byte TOO_SOON = 2;
    public static final byte USED_UP = 3;
    public static final byte OVER_BUDGET = 4;
    public static final byte NOT_CACHED = 5;
    public static final byte PADDING = 6;
    public static final byte RESCUE = 7;
    public static final byte ASKED_UPSTREAM = 8;
    public static final byte RECEIVER_PLI = 9;
    /** Padding sent after a frame: {@code seq} the last of them, {@code source} how many. */
    public static final byte PADDED = 10;
    private static final String[] NAMES = {"forwarded", "resent", "refused: too soon", "refused: resends used up",
            "refused: over budget", "not cached", "padding", "keyframe rescue", "asked of the publisher",
            "the receiver's PLI", "padded"};
    private static final int SIZE = 1 << 16;
    private static final int MARKER = 1 << 29;
    private static final int KEYFRAME = 1 << 30;

    private final long[] times = new long[SIZE];
    private final int[] seqs = new int[SIZE];
    private final int[] sources = new int[SIZE];
    private final byte[] kinds = new byte[SIZE];
    private final int[] frames = new int[SIZE];
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Records into {@code trace} when a test attached one (null: the usual case, a null check on
     * the packet path). The caller passes its field's value once: a test may detach it meanwhile.
     */
    public static void record(ResendTrace trace, byte kind, int seq, int source, long nowNanos) {
        if (trace != null) {
            trace.record(kind, seq, source, nowNanos);
        }
    }

    /**
     * Records into {@code trace}, when attached, the copy about to be sent in {@code b} (rewritten for
     * the receiver, at offset 0), first forwarded from the publisher's {@code source}: {@link #FORWARDED}
     * with its frame.
     */
    public static void forwarded(ResendTrace trace, byte[] b, int len, boolean vp8, boolean keyframe, int source,
                                 long nowNanos) {
        if (trace != null) {
            int frame = (vp8 ? Vp8Summary.of(b, 0, len) : 0) | (Rtp.marker(b, 0) ? MARKER : 0)
                    | (keyframe ? KEYFRAME : 0);
            trace.record(FORWARDED, Rtp.sequence(b, 0), source, frame, nowNanos);
        }
    }

    /**
     * Records {@code kind} for the receiver's sequence number {@code seq} ({@code source}: the
     * publisher's sequence number, -1 if unknown or not looked up).
     */
    public void record(byte kind, int seq, int source, long nowNanos) {
        record(kind, seq, source, 0, nowNanos);
    }

    private void record(byte kind, int seq, int source, int frame, long nowNanos) {
        int i = next.getAndIncrement() & (SIZE - 1);
        times[i] = nowNanos;
        seqs[i] = seq;
        sources[i] = source;
        frames[i] = frame;
        kinds[i] = kind;
    }

    /** One event: its time, kind and numbers; for a copy forwarded, its frame ({@link Vp8Summary} for VP8). */
    public record Event(long nanos, byte kind, int seq, int source, int frame) {
        public String kindName() {
            return NAMES[kind];
        }

        public boolean marker() {
            return (frame & MARKER) != 0;
        }

        public boolean keyframe() {
            return (frame & KEYFRAME) != 0;
        }
    }

    /** The events recorded (the last {@value #SIZE} at most), oldest first. */
    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        int end = next.get();
        for (int n = Math.max(0, end - SIZE); n < end; n++) {
            int i = n & (SIZE - 1);
            out.add(new Event(times[i], kinds[i], seqs[i], sources[i], frames[i]));
        }
        return out;
    }
}
