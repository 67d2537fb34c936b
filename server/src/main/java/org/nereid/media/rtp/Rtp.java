package org.nereid.media.rtp;

/**
 * Reads and rewrites RTP headers in place (RFC 3550). Methods take the packet's
 * array and offset so the packet path needs no wrapper objects.
 */
public final class Rtp {
    public static final int FIXED_HEADER = 12;

    private Rtp() {
    }

    /** Whether the bytes can be an RTP packet whose header fits in {@code len}. */
    public static boolean isValid(byte[] b, int off, int len) {
        return len >= FIXED_HEADER && (b[off] & 0xC0) == 0x80 && headerLength(b, off, len) <= len;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    public static void setPayloadType(byte[] b, int off, int pt) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    /** Sets the marker bit: the packet ends a frame (for VP9 SVC, a whole picture). */
    public static void setMarker(byte[] b, int off) {
        b[off + 1] |= (byte) 0x80;
    }

    public static int sequence(byte[] b, int off) {
        return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static void setSequence(byte[] b, int off, int seq) {
        b[off + 2] = (byte) (seq >> 8);
        b[off + 3] = (byte) seq;
    }

    public static long timestamp(byte[] b, int off) {
        return Bytes.u32(b, off + 4);
    }

    public static int ssrc(byte[] b, int off) {
        return Bytes.i32(b, off + 8);
    }

    public static void setSsrc(byte[] b, int off, int ssrc) {
        Bytes.put32(b, off + 8, ssrc);
    }

    /** Header length including CSRCs and the extension block; may exceed len for bad packets. */
    public static int headerLength(byte[] b, int off, int len) {
        int n = FIXED_HEADER + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (n + 4 > len) {
                return Integer.MAX_VALUE;
            }
            n += 4 + 4 * (((b[off + n + 2] & 0xFF) << 8) | (b[off + n + 3] & 0xFF));
        }
        return n;
    }

    /** Payload length without padding, or -1 when the padding is inconsistent. */
    public static int payloadLength(byte[] b, int off, int len) {
        int header = headerLength(b, off, len);
        int padding = (b[off] & 0x20) != 0 ? b[off + len - 1] & 0xFF : 0;
        int payload = len - header - padding;
        return payload < 0 ? -1 : payload;
    }

    /**
     * Removes the header extension block (and its X bit) by moving the fixed
     * header and CSRCs forward; returns the new offset. Length shrinks by the
     * same amount.
     */
    public static int stripExtension(byte[] b, int off, int len) {
        if ((b[off] & 0x10) == 0) {
            return off;
        }
        int fixed = FIXED_HEADER + 4 * (b[off] & 0x0F);
        int extLen = 4 + 4 * (((b[off + fixed + 2] & 0xFF) << 8) | (b[off + fixed + 3] & 0xFF));
        System.arraycopy(b, off, b, off + extLen, fixed);
        int start = off + extLen;
        b[start] &= (byte) ~0x10;
        return start;
    }

    /**
     * Adds a header extension block with one one-byte element (RFC 8285) of three bytes,
     * {@code value} (its low 24 bits), to a packet that has none, moving the payload 8 bytes
     * on; returns the new length, or {@code len} unchanged when the packet already has an
     * extension block or {@code b} has no room.
     */
    public static int addExtension3(byte[] b, int off, int len, int id, int value) {
        int fixed = FIXED_HEADER + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0 || off + len + 8 > b.length || fixed > len) {
            return len;
        }
        System.arraycopy(b, off + fixed, b, off + fixed + 8, len - fixed);
        int p = off + fixed;
        b[p] = (byte) 0xBE;
        b[p + 1] = (byte) 0xDE;
        b[p + 2] = 0;
        b[p + 3] = 1;                           // one 32-bit word follows
        b[p + 4] = (byte) (id << 4 | 2);        // length - 1
        b[p + 5] = (byte) (value >>> 16);
        b[p + 6] = (byte) (value >>> 8);
        b[p + 7] = (byte) value;
        b[off] |= 0x10;
        return len + 8;
    }

    /**
     * Finds a one-byte (0xBEDE) or two-byte header extension element by id and
     * returns its data offset in the high 32 bits and length in the low ones,
     * or -1 when absent.
     */
    public static long findExtension(byte[] b, int off, int len, int id) {
        if ((b[off] & 0x10) == 0 || id <= 0) {
            return -1;
        }
        int p = off + FIXED_HEADER + 4 * (b[off] & 0x0F);
        if (p + 4 > off + len) {
            return -1;
        }
        int profile = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        int end = p + 4 + 4 * (((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF));
        if (end > off + len) {
            return -1;
        }
        p += 4;
        boolean oneByte = profile == 0xBEDE;
        if (!oneByte && (profile & 0xFFF0) != 0x1000) {
            return -1;
        }
        while (p < end) {
            int elementId;
            int elementLen;
            if (oneByte) {
                elementId = (b[p] & 0xF0) >> 4;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                if (elementId == 15) {
                    return -1;
                }
                elementLen = (b[p] & 0x0F) + 1;
                p++;
            } else {
                elementId = b[p] & 0xFF;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                if (p + 1 >= end) {
                    return -1;
                }
                elementLen = b[p + 1] & 0xFF;
                p += 2;
            }
            if (p + elementLen > end) {
                return -1;
            }
            if (elementId == id) {
                return ((long) p << 32) | elementLen;
            }
            p += elementLen;
        }
        return -1;
    }

    /** The ASCII value of a header extension (mid, rid), or null. Allocates: only for unknown SSRCs. */
    public static String extensionString(byte[] b, int off, int len, int id) {
        long found = findExtension(b, off, len, id);
        if (found < 0) {
            return null;
        }
        return new String(b, (int) (found >>> 32), (int) found, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
