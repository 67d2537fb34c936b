package org.nereid.media.layer;

/**
 * Reads the VP9 payload descriptor (RFC 9628 §4.2) in place: the layer indices (SID, TID)
 * and the flags a layer selector needs. Both modes carry the layer indices in the same
 * byte after the picture id; the non-flexible mode adds TL0PICIDX, the flexible mode
 * reference differences, neither of which a selector needs. Nothing is allocated.
 *
 * <pre>
 * byte 0: I P L F B E V Z   (picture id present, inter-picture predicted, layer indices
 *                            present, flexible mode, begins / ends a layer frame,
 *                            scalability structure, not used for inter-layer prediction)
 * [picture id: 1 byte, or 2 with the first bit set]
 * [layer indices: TID(3) U S(3) D]
 * </pre>
 */
final class Vp9Descriptor {
    /** No layer indices in this packet. */
    static final int ABSENT = -1;

    private Vp9Descriptor() {
    }

    /** P: the layer frame refers to an earlier picture (it is not a keyframe's). */
    static boolean interPicture(byte[] b, int p) {
        return (b[p] & 0x40) != 0;
    }

    /** B: the packet begins a layer frame. */
    static boolean beginsFrame(byte[] b, int p) {
        return (b[p] & 0x08) != 0;
    }

    /** E: the packet ends a layer frame. */
    static boolean endsFrame(byte[] b, int p) {
        return (b[p] & 0x04) != 0;
    }

    /** Z: no higher spatial layer of this picture refers to this layer frame. */
    static boolean notReferencedUpward(byte[] b, int p) {
        return (b[p] & 0x01) != 0;
    }

    /** Offset of the layer indices byte in the payload at {@code p} (length len), or ABSENT. */
    static int layersAt(byte[] b, int p, int len) {
        if (len < 2 || (b[p] & 0x20) == 0) {
            return ABSENT;
        }
        int at = p + 1;
        if ((b[p] & 0x80) != 0) {
            at += (b[at] & 0x80) != 0 ? 2 : 1;
        }
        return at < p + len ? at : ABSENT;
    }

    static int temporalId(byte[] b, int at) {
        return (b[at] >> 5) & 0x07;
    }

    /** U: a switching-up point (higher temporal layers may be joined from here). */
    static boolean switchingUp(byte[] b, int at) {
        return (b[at] & 0x10) != 0;
    }

    static int spatialId(byte[] b, int at) {
        return (b[at] >> 1) & 0x07;
    }
}
