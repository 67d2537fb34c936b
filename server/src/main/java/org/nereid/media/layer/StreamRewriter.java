package org.nereid.media.layer;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtp;

/**
 * Makes the packets of several simulcast layers one continuous stream for a receiver:
 * sequence numbers, RTP timestamps and, for VP8, picture ids and TL0PICIDX carry on
 * across a layer switch as if one encoder had sent them all. Each layer gets offsets
 * when the stream switches to it (on one of its keyframes); every packet of it is then
 * rewritten with them. Padding packets (a rate probe's) may be put between two packets:
 * they take sequence numbers of their own, and the packets after them are shifted on.
 * Packets may be dropped (a temporal or spatial layer the receiver does not get): the
 * packets after them are shifted back, so the receiver sees no gap, and for VP8 the
 * picture ids of dropped frames are taken out too.
 * The last few switches, paddings and drops are remembered so that a receiver's NACK for a
 * sequence number we sent maps back to the layer and sequence number it came from (or
 * is known to be padding, which nobody resends).
 *
 * <p>Used by one thread at a time (the one forwarding the publisher's packets to the receiver); allocates nothing per
 * packet. {@link #sourceLayer}, {@link #sourceSequence}, {@link #switchedLayer} and
 * {@link #outputTimestamp} may be called from other threads (the receiver's connection,
 * the media timer): a switch fills its history slot before publishing the new count, so
 * a reader sees whole entries (at worst missing a switch made that instant).
 */
public final class StreamRewriter {
    /**
     * Switches, paddings and runs of drops remembered for NACK mapping: more than a receiver's
     * NACK horizon holds (a probe pads once per frame, dropping a temporal layer makes a run
     * every other frame or so: 128 cover about three seconds of both at 30 frames a second).
     */
    private static final int HISTORY = 128;
    /** Output sequence numbers remembered for {@link #mark}: as far back as a resend may ask (the ResendLimiter's window). */
    private static final int MARKS = 1024;
    private static final int MARKED = 0x10000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final boolean vp8;
    private final int clockRate;
    private int layer = -1;
    private int seqOffset;
    private long tsOffset;
    private int pictureIdOffset;
    private int tl0Offset;
    private boolean sent;
    private int lastSeq;
    // the layer's own sequence number of the newest packet sent since the switch to it
    private int lastSource;
    private long lastTimestamp;
    private int lastPictureId = -1;
    private int lastTl0 = -1;
    private long lastSentNanos;
    // the source picture id of the newest packet sent or dropped (VP8): a dropped frame's first packet differs
    private int lastSourcePictureId = -1;
    // the newest packet handled was dropped: the history's newest entry is that run of drops, and a drop more extends it
    private boolean shifted;

    // history of switches and paddings: the first output sequence number of each, its layer and
    // offsets from there on, and how many padding packets it starts with (0 for a switch)
    private final int[] historyStart = new int[HISTORY];
    private final int[] historyPadding = new int[HISTORY];
    private final int[] historyLayer = new int[HISTORY];
    private final int[] historySeqOffset = new int[HISTORY];
    private final long[] historyTsOffset = new long[HISTORY];
    private final int[] historyPictureIdOffset = new int[HISTORY];
    private final int[] historyTl0Offset = new int[HISTORY];
    private final boolean[] historySwitch = new boolean[HISTORY];
    private volatile int entries;
    /** Per output sequence number (modulo {@link #MARKS}): it, with {@link #MARKED}, when we set its marker bit. */
    private final AtomicIntegerArray marks = new AtomicIntegerArray(MARKS);

    public StreamRewriter(boolean vp8, int clockRate) {
        this.vp8 = vp8;
        this.clockRate = clockRate;
    }

    /** Whether the stream is VP8's (picture ids and TL0PICIDX rewritten). */
    public boolean isVp8() {
        return vp8;
    }

    /** The layer forwarded now, -1 before the first packet. */
    public int layer() {
        return layer;
    }

    /**
     * Starts forwarding {@code newLayer} at the packet at {@code off}, which should start a
     * keyframe of it (the receiver can decode from there): it gets the next sequence
     * number, a timestamp that advances by the time since our last packet, and the next
     * picture id and TL0PICIDX.
     */
    public void switchTo(int newLayer, byte[] b, int off, int len, long nowNanos) {
        int seq = Rtp.sequence(b, off);
        long ts = Rtp.timestamp(b, off);
        if (!sent) {
            seqOffset = 0;
            tsOffset = 0;
        } else {
            seqOffset = (lastSeq + 1 - seq) & 0xFFFF;
            long elapsed = Math.max(1, (nowNanos - lastSentNanos) * clockRate / NANOS_PER_SECOND);
            tsOffset = (lastTimestamp + elapsed - ts) & 0xFFFFFFFFL;
        }
        pictureIdOffset = 0;
        tl0Offset = 0;
        if (vp8 && sent) {
            int p = off + Rtp.headerLength(b, off, len);
            int pid = Vp8Descriptor.pictureIdAt(b, p, off + len - p);
            if (pid != Vp8Descriptor.ABSENT && lastPictureId >= 0) {
                pictureIdOffset = lastPictureId + 1 - Vp8Descriptor.pictureId(b, pid);
            }
            int tl0 = Vp8Descriptor.tl0PicIdxAt(b, p, off + len - p);
            if (tl0 != Vp8Descriptor.ABSENT && lastTl0 >= 0) {
                tl0Offset = lastTl0 + 1 - (b[tl0] & 0xFF);
            }
        }
        layer = newLayer;
        lastSource = (seq - 1) & 0xFFFF;
        lastSourcePictureId = -1;
        shifted = false;
        remember((seq + seqOffset) & 0xFFFF, 0, true);
    }

    /**
     * Makes room for {@code count} padding packets after the last packet sent: returns the
     * first of their sequence numbers (the others follow); the layer's next packets come
     * after them. Only once a packet has been sent (the padding takes its timestamp).
     */
    public int pad(int count) {
        int first = (lastSeq + 1) & 0xFFFF;
        seqOffset = (seqOffset + count) & 0xFFFF;
        lastSeq = (lastSeq + count) & 0xFFFF;
        shifted = false;
        remember(first, count, false);
        return first;
    }

    /**
     * Leaves out a packet of the current layer that the receiver is not to get: the packets
     * after it take its sequence number (and, for VP8, the first packet of a dropped frame
     * gives its picture id to the next frame). Only the packet right after the newest one
     * handled can be taken out; returns false for any other (reordered, or after a packet
     * lost on the way), which must then be sent: its number may already be the receiver's
     * (the decoder discards a frame it cannot use).
     */
    public boolean drop(byte[] b, int off, int len) {
        int source = Rtp.sequence(b, off);
        if (!sent || source != ((lastSource + 1) & 0xFFFF)) {
            return false;
        }
        lastSource = source;
        seqOffset = (seqOffset - 1) & 0xFFFF;
        if (vp8) {
            int p = off + Rtp.headerLength(b, off, len);
            int at = Vp8Descriptor.pictureIdAt(b, p, off + len - p);
            if (at != Vp8Descriptor.ABSENT) {
                int pid = Vp8Descriptor.pictureId(b, at);
                if (pid != lastSourcePictureId) {
                    pictureIdOffset--;
                    lastSourcePictureId = pid;
                }
            }
        }
        // The offsets hold from the packet after this one on, whenever it comes: a packet lost on
        // the way and recovered later must get them too, not those from before the drops (its
        // number and picture id would be another packet's). A run of drops is one entry, its start
        // (the number the next packet takes) the same for each drop of the run; only the run's
        // newest entry changes, for numbers not sent yet, so readers on other threads are unaffected.
        if (shifted) {
            updateNewest();
        } else {
            remember((source + 1 + seqOffset) & 0xFFFF, 0, false);
            shifted = true;
        }
        return true;
    }

    /** The timestamp of the newest packet sent (padding carries it). */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /**
     * The history slot whose offsets the current layer's packet {@code source} takes (those in
     * force where it belongs among the packets sent around it), or -1 for the current ones.
     */
    private int lateSlot(int source) {
        int n = entries;
        for (int i = n - 1; i >= Math.max(0, n - HISTORY); i--) {
            int slot = i % HISTORY;
            if (historyLayer[slot] != layer) {
                break;
            }
            // the layer's first packet after this switch, padding or run of drops
            int from = (historyStart[slot] + historyPadding[slot] - historySeqOffset[slot]) & 0xFFFF;
            if (((source - from) & 0xFFFF) < 0x8000 || historySwitch[slot]) {
                return slot;
            }
        }
        return -1;
    }

    private void remember(int start, int padding, boolean layerSwitch) {
        int slot = entries % HISTORY;
        historyStart[slot] = start;
        historyPadding[slot] = padding;
        historyLayer[slot] = layer;
        historySwitch[slot] = layerSwitch;
        fillOffsets(slot);
        entries++;
    }

    /** The newest entry, a run of drops, takes the offsets after its latest drop. */
    private void updateNewest() {
        fillOffsets((entries - 1) % HISTORY);
    }

    private void fillOffsets(int slot) {
        historySeqOffset[slot] = seqOffset;
        historyTsOffset[slot] = tsOffset;
        historyPictureIdOffset[slot] = pictureIdOffset;
        historyTl0Offset[slot] = tl0Offset;
    }

    /**
     * Rewrites a packet of the current layer in place, the copy about to be sent. A packet
     * older than the newest sent (reordered, or recovered from the publisher) gets the
     * offsets it would have had in order: those from before any padding or drop that came after it.
     */
    public void rewrite(byte[] b, int off, int len, long nowNanos) {
        int source = Rtp.sequence(b, off);
        boolean newest = isAhead(b, off);
        int slot = newest ? -1 : lateSlot(source);
        if (slot < 0) {
            apply(b, off, len, seqOffset, tsOffset, pictureIdOffset, tl0Offset, newest);
        } else {
            apply(b, off, len, historySeqOffset[slot], historyTsOffset[slot], historyPictureIdOffset[slot],
                    historyTl0Offset[slot], false);
        }
        int out = Rtp.sequence(b, off);
        marks.lazySet(out & (MARKS - 1), 0);
        if (newest) {
            shifted = false;
            lastSource = source;
            lastSeq = (source + seqOffset) & 0xFFFF;
            lastTimestamp = Rtp.timestamp(b, off);
            lastSentNanos = nowNanos;
        }
        sent = true;
    }

    /**
     * Whether the current layer's packet at {@code off} (not yet rewritten) comes after every
     * packet handled so far: false for one reordered, recovered from the publisher after its
     * successors, or a duplicate. Such a packet goes back to its place in the stream; the stream
     * itself is further on.
     */
    public boolean isAhead(byte[] b, int off) {
        int ahead = (Rtp.sequence(b, off) - lastSource) & 0xFFFF;
        return !sent || (ahead != 0 && ahead < 0x8000);
    }

    /**
     * Sets the marker bit of a packet just rewritten (it ends the picture as the receiver gets it:
     * the layers above are dropped), and remembers it for {@link #rewriteAgain}: a resend without
     * it leaves the receiver waiting for the rest of a picture that never comes (SvcBrowserIT's
     * VP9 receiver on S0 froze 3 s, until Chromium asked for a keyframe, after resends that came).
     */
    public void mark(byte[] b, int off) {
        Rtp.setMarker(b, off);
        int out = Rtp.sequence(b, off);
        marks.lazySet(out & (MARKS - 1), out | MARKED);
    }

    /**
     * Rewrites a packet resent from a layer's cache, which we first sent as {@code outSeq},
     * the way it was rewritten then (its marker bit included); returns false when that is older
     * than the history.
     */
    public boolean rewriteAgain(byte[] b, int off, int len, int outSeq) {
        int slot = slotOf(outSeq);
        if (slot < 0 || padded(slot, outSeq)) {
            return false;
        }
        apply(b, off, len, historySeqOffset[slot], historyTsOffset[slot], historyPictureIdOffset[slot],
                historyTl0Offset[slot], false);
        if (marks.get(outSeq & (MARKS - 1)) == (outSeq | MARKED)) {
            Rtp.setMarker(b, off);
        }
        return true;
    }

    private void apply(byte[] b, int off, int len, int seqOff, long tsOff, int pictureIdOff, int tl0Off,
                       boolean newest) {
        Rtp.setSequence(b, off, (Rtp.sequence(b, off) + seqOff) & 0xFFFF);
        Bytes.put32(b, off + 4, (int) ((Rtp.timestamp(b, off) + tsOff) & 0xFFFFFFFFL));
        if (!vp8) {
            return;
        }
        int p = off + Rtp.headerLength(b, off, len);
        int at = Vp8Descriptor.pictureIdAt(b, p, off + len - p);
        if (at != Vp8Descriptor.ABSENT) {
            int mask = (1 << Vp8Descriptor.pictureIdBits(b, at)) - 1;
            int source = Vp8Descriptor.pictureId(b, at);
            int pid = (source + pictureIdOff) & mask;
            Vp8Descriptor.setPictureId(b, at, pid);
            if (newest) {
                lastPictureId = pid;
                lastSourcePictureId = source;
            }
        }
        at = Vp8Descriptor.tl0PicIdxAt(b, p, off + len - p);
        if (at != Vp8Descriptor.ABSENT) {
            int tl0 = ((b[at] & 0xFF) + tl0Off) & 0xFF;
            b[at] = (byte) tl0;
            if (newest) {
                lastTl0 = tl0;
            }
        }
    }

    /**
     * The layer a sequence number we sent came from, or -1 when it is older than the
     * switches remembered (or was never sent, or was padding).
     */
    public int sourceLayer(int outSeq) {
        int slot = slotOf(outSeq);
        return slot < 0 || padded(slot, outSeq) ? -1 : historyLayer[slot];
    }

    /** Whether a sequence number we sent was a padding packet (as far as the history reaches). */
    public boolean isPadding(int outSeq) {
        int slot = slotOf(outSeq);
        return slot >= 0 && padded(slot, outSeq);
    }

    private boolean padded(int slot, int outSeq) {
        return ((outSeq - historyStart[slot]) & 0xFFFF) < historyPadding[slot];
    }

    /** The layer's own sequence number for one we sent (meaningful when {@link #sourceLayer} is not -1). */
    public int sourceSequence(int outSeq) {
        int slot = slotOf(outSeq);
        return slot < 0 ? -1 : (outSeq - historySeqOffset[slot]) & 0xFFFF;
    }

    /** The layer switched to last, -1 before the first switch (any thread: from the history; padding keeps the layer). */
    public int switchedLayer() {
        int n = entries;
        return n == 0 ? -1 : historyLayer[(n - 1) % HISTORY];
    }

    /**
     * The RTP timestamp we send for timestamp {@code ts} of {@code layer}, the layer
     * {@link #switchedLayer} gave (any thread: for sender reports), or -1 when a switch came
     * between. Before the first switch timestamps pass unchanged, as the first switch keeps them.
     */
    public long outputTimestamp(int layer, long ts) {
        int n = entries;
        if (n == 0) {
            return layer < 0 ? ts : -1;
        }
        int slot = (n - 1) % HISTORY;
        return historyLayer[slot] == layer ? (ts + historyTsOffset[slot]) & 0xFFFFFFFFL : -1;
    }

    /** The newest switch, padding or run of drops at or before {@code outSeq}, searching back through the history. */
    private int slotOf(int outSeq) {
        int n = entries;
        for (int i = n - 1; i >= Math.max(0, n - HISTORY); i--) {
            int slot = i % HISTORY;
            int since = (outSeq - historyStart[slot]) & 0xFFFF;
            if (since < 0x8000) {
                return slot;
            }
        }
        return -1;
    }
}
