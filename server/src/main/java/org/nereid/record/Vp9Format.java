package org.nereid.record;

/**
 * VP9 over RTP (RFC 9628): the payload descriptor, and the keyframe and
 * frame size from the uncompressed header at the start of the frame.
 */
final class Vp9Format implements VideoFormat {
    @Override
    public int descriptorLength(byte[] p) {
        if (p.length < 1) {
            return -1;
        }
        int b0 = p[0] & 0xFF;
        boolean flexible = (b0 & 0x10) != 0;
        int i = 1;
        if ((b0 & 0x80) != 0) {                               // I: picture ID
            if (p.length <= i) {
                return -1;
            }
            i += (p[i] & 0x80) != 0 ? 2 : 1;
        }
        if ((b0 & 0x20) != 0) {                               // L: layer indices
            i += flexible ? 1 : 2;
        }
        if (flexible && (b0 & 0x40) != 0) {                   // P and F: up to 3 reference indices
            for (int n = 0; n < 3; n++) {
                if (p.length <= i) {
                    return -1;
                }
                boolean more = (p[i++] & 0x01) != 0;
                if (!more) {
                    break;
                }
            }
        }
        if ((b0 & 0x02) != 0) {                               // V: scalability structure
            if (p.length <= i) {
                return -1;
            }
            int ss = p[i++] & 0xFF;
            int layers = (ss >>> 5) + 1;
            if ((ss & 0x10) != 0) {                           // Y: resolutions
                i += 4 * layers;
            }
            if ((ss & 0x08) != 0) {                           // G: picture group description
                if (p.length <= i) {
                    return -1;
                }
                int groups = p[i++] & 0xFF;
                for (int g = 0; g < groups; g++) {
                    if (p.length <= i) {
                        return -1;
                    }
                    int refs = (p[i++] >>> 2) & 0x03;
                    i += refs;
                }
            }
        }
        return i <= p.length ? i : -1;
    }

    @Override
    public boolean startsFrame(byte[] p) {
        return (p[0] & 0x08) != 0;                            // B: beginning of a frame
    }

    @Override
    public int[] keyframe(byte[] firstPayload, byte[] f, int length) {
        BitReader r = new BitReader(f, length);
        if (r.bits(2) != 2) {                                 // frame marker
            return descriptorSaysKeyframe(firstPayload) ? new int[] {0, 0} : null;
        }
        int profile = r.bits(1) | r.bits(1) << 1;
        if (profile == 3) {
            r.bits(1);
        }
        if (r.bits(1) == 1) {                                 // show_existing_frame
            return null;
        }
        if (r.bits(1) != 0) {                                 // frame_type 1: inter frame
            return null;
        }
        r.bits(2);                                            // show_frame, error_resilient_mode
        if (r.bits(24) != 0x498342) {                         // frame sync code
            return new int[] {0, 0};
        }
        if (profile >= 2) {
            r.bits(1);                                        // ten_or_twelve_bit
        }
        int colorSpace = r.bits(3);
        if (colorSpace != 7) {                                // not sRGB
            r.bits(1);                                        // color_range
            if (profile == 1 || profile == 3) {
                r.bits(3);                                    // subsampling x, y, reserved
            }
        } else if (profile == 1 || profile == 3) {
            r.bits(1);
        }
        int width = r.bits(16) + 1;
        int height = r.bits(16) + 1;
        return r.overrun() ? new int[] {0, 0} : new int[] {width, height};
    }

    private static boolean descriptorSaysKeyframe(byte[] p) {
        return (p[0] & 0x40) == 0;                            // P clear: no inter-picture prediction
    }

    /** Big-endian bit reader that yields zeros past the end and remembers it did. */
    private static final class BitReader {
        private final byte[] data;
        private final int length;
        private int bit;

        BitReader(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        int bits(int n) {
            int v = 0;
            for (int k = 0; k < n; k++, bit++) {
                int b = bit >>> 3 < length ? (data[bit >>> 3] >>> (7 - (bit & 7))) & 1 : 0;
                v = v << 1 | b;
            }
            return v;
        }

        boolean overrun() {
            return bit > length * 8;
        }
    }
}
