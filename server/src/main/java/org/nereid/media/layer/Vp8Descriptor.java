package org.nereid.media.layer;

/**
 * Where the VP8 payload descriptor (RFC 7741 §4.2) keeps the fields a layer switch must
 * keep continuous: the picture id (7 or 15 bits) and TL0PICIDX. Reads and writes in
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
}
