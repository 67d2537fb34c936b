package org.nereid.media.layer;

/**
 * Where the VP8 payload descriptor (RFC 7741 §4.2) keeps the fields a layer switch must
 * keep continuous (the picture id, 7 or 15 bits, and TL0PICIDX) and those that say which
 * temporal layer a frame belongs to (TID, the layer sync bit Y). Reads and writes in
 * place, so the packet path allocates nothing.
 */
final class Vp8Descriptor {
    /** No such field in this packet. */
    static final int ABSENT = -1;

    private Vp8Descriptor() {
    }

    /** Offset of the picture id in the payload at {@code p} (length len), or ABSENT. */
    static int pictureIdAt(byte[] b, int p, int len) {
        if (len < 3 || (b[p] & 0x80) == 0 || (b[p + 1] & 0x80) == 0) {
            return ABSENT;
        }
        return (b[p + 2] & 0x80) != 0 && len < 4 ? ABSENT : p + 2;
    }

    /** Bits of the picture id at {@code at}: 15 (M bit set) or 7. */
    static int pictureIdBits(byte[] b, int at) {
        return (b[at] & 0x80) != 0 ? 15 : 7;
    }

    static int pictureId(byte[] b, int at) {
        return pictureIdBits(b, at) == 15 ? ((b[at] & 0x7F) << 8) | (b[at + 1] & 0xFF) : b[at] & 0x7F;
    }

    static void setPictureId(byte[] b, int at, int id) {
        if (pictureIdBits(b, at) == 15) {
            b[at] = (byte) (0x80 | ((id >> 8) & 0x7F));
            b[at + 1] = (byte) id;
        } else {
            b[at] = (byte) (id & 0x7F);
        }
    }

    /** Offset of TL0PICIDX in the payload at {@code p} (length len), or ABSENT. */
    static int tl0PicIdxAt(byte[] b, int p, int len) {
        if (len < 2 || (b[p] & 0x80) == 0 || (b[p + 1] & 0x40) == 0) {
            return ABSENT;
        }
        int at = p + 2;
        if ((b[p + 1] & 0x80) != 0) {
            at += at < p + len && (b[at] & 0x80) != 0 ? 2 : 1;
        }
        return at < p + len ? at : ABSENT;
    }

    /** Whether the payload at {@code p} starts a frame: S set and partition index 0. */
    static boolean startsFrame(byte[] b, int p, int len) {
        return len >= 1 && (b[p] & 0x10) != 0 && (b[p] & 0x07) == 0;
    }

    /** Offset of the TID/Y/KEYIDX byte in the payload at {@code p} (length len), or ABSENT (no temporal layers). */
    static int temporalAt(byte[] b, int p, int len) {
        if (len < 2 || (b[p] & 0x80) == 0 || (b[p + 1] & 0x20) == 0) {
            return ABSENT;
        }
        int x = b[p + 1];
        int at = p + 2;
        if ((x & 0x80) != 0) {
            at += at < p + len && (b[at] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) {
            at++;
        }
        return at < p + len ? at : ABSENT;
    }

    /** The temporal layer id in the byte at {@code at} (see {@link #temporalAt}). */
    static int temporalId(byte[] b, int at) {
        return (b[at] >> 6) & 0x03;
    }

    /** Y: this frame depends only on the base layer (TL0), so its layer may be joined here. */
    static boolean layerSync(byte[] b, int at) {
        return (b[at] & 0x20) != 0;
    }
}
