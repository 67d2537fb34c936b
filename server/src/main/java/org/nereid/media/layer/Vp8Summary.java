package org.nereid.media.layer;

import org.nereid.media.rtp.Rtp;

/**
 * A VP8 packet's frame fields (picture id, TL0PICIDX, TID, whether it starts the frame) packed
 * in one int, so that a debugging record ({@code ResendTrace}) can keep them without allocating.
 * A field the descriptor does not carry reads as -1.
 */
public final class Vp8Summary {
    private static final int NO_PICTURE_ID = 0x8000;
    private static final int NO_TL0 = 0x100;
    private static final int NO_TID = 0x4;
    private static final int STARTS = 1 << 28;

    private Vp8Summary() {
    }

    /** The fields of the RTP packet at {@code off} (length {@code len}), packed. */
    public static int of(byte[] b, int off, int len) {
        int p = off + Rtp.headerLength(b, off, len);
        int n = off + len - p;
        int at = Vp8Descriptor.pictureIdAt(b, p, n);
        int pictureId = at == Vp8Descriptor.ABSENT ? NO_PICTURE_ID : Vp8Descriptor.pictureId(b, at);
        at = Vp8Descriptor.tl0PicIdxAt(b, p, n);
        int tl0 = at == Vp8Descriptor.ABSENT ? NO_TL0 : b[at] & 0xFF;
        at = Vp8Descriptor.temporalAt(b, p, n);
        int tid = at == Vp8Descriptor.ABSENT ? NO_TID : Vp8Descriptor.temporalId(b, at);
        return pictureId | tl0 << 16 | tid << 25 | (Vp8Descriptor.startsFrame(b, p, n) ? STARTS : 0);
    }

    public static int pictureId(int summary) {
        int id = summary & 0xFFFF;
        return id == NO_PICTURE_ID ? -1 : id;
    }

    public static int tl0PicIdx(int summary) {
        int tl0 = (summary >> 16) & 0x1FF;
        return tl0 == NO_TL0 ? -1 : tl0;
    }

    public static int temporalId(int summary) {
        int tid = (summary >> 25) & 0x7;
        return tid == NO_TID ? -1 : tid;
    }

    public static boolean startsFrame(int summary) {
        return (summary & STARTS) != 0;
    }
}
