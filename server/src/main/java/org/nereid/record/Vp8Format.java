package org.nereid.record;

/** VP8 over RTP (RFC 7741): the payload descriptor and the keyframe header. */
final class Vp8Format implements VideoFormat {
    @Override
    public int descriptorLength(byte[] p) {
        if (p.length < 1) {
            return -1;
        }
        int i = 1;
        if ((p[0] & 0x80) != 0) {              // X: extension byte follows
            if (p.length < 2) {
                return -1;
            }
            int ext = p[1];
            i = 2;
            if ((ext & 0x80) != 0) {           // I: picture ID, 7 or 15 bits
                if (p.length <= i) {
                    return -1;
                }
                i += (p[i] & 0x80) != 0 ? 2 : 1;
            }
            if ((ext & 0x40) != 0) {           // L: TL0PICIDX
                i++;
            }
            if ((ext & 0x30) != 0) {           // T or K: TID/Y/KEYIDX
                i++;
            }
        }
        return i <= p.length ? i : -1;
    }

    @Override
    public boolean startsFrame(byte[] p) {
        return (p[0] & 0x10) != 0 && (p[0] & 0x07) == 0;   // S bit, partition 0
    }

    @Override
    public int[] keyframe(byte[] firstPayload, byte[] f, int length) {
        if (length < 3 || (f[0] & 0x01) != 0) {            // P bit set: inter frame
            return null;
        }
        if (length < 10 || (f[3] & 0xFF) != 0x9D || (f[4] & 0xFF) != 0x01 || (f[5] & 0xFF) != 0x2A) {
            return new int[] {0, 0};
        }
        int width = ((f[6] & 0xFF) | (f[7] & 0xFF) << 8) & 0x3FFF;
        int height = ((f[8] & 0xFF) | (f[9] & 0xFF) << 8) & 0x3FFF;
        return new int[] {width, height};
    }
}
