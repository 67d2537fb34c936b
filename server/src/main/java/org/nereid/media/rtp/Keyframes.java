package org.nereid.media.rtp;

/** Recognises the packet that starts a keyframe, per codec (as Galène does). */
public final class Keyframes {
    public static final int NO = 0;
    public static final int YES = 1;
    /** The codec's keyframes cannot be recognised (AV1, audio). */
    public static final int UNKNOWN = -1;

    private Keyframes() {
    }

    /** Looks at the RTP payload {@code [p, p+len)} of a packet in {@code codecKey} ("vp8", "vp9", "h264", ...). */
    public static int test(String codecKey, byte[] b, int p, int len) {
        return switch (codecKey) {
            case "vp8" -> vp8(b, p, len) ? YES : NO;
            case "vp9" -> vp9(b, p, len) ? YES : NO;
            case "h264" -> h264(b, p, len) ? YES : NO;
            default -> UNKNOWN;
        };
    }

    static boolean vp8(byte[] b, int p, int len) {
        if (len < 1) {
            return false;
        }
        int first = b[p] & 0xFF;
        boolean start = (first & 0x10) != 0 && (first & 0x07) == 0;
        if (!start) {
            return false;
        }
        int i = p + 1;
        if ((first & 0x80) != 0) {
            if (len < 2) {
                return false;
            }
            int x = b[p + 1] & 0xFF;
            i++;
            if ((x & 0x80) != 0) {
                i += (i < p + len && (b[i] & 0x80) != 0) ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                i++;
            }
            if ((x & 0x30) != 0) {
                i++;
            }
        }
        return i < p + len && (b[i] & 0x01) == 0;
    }

    static boolean vp9(byte[] b, int p, int len) {
        if (len < 1) {
            return false;
        }
        int first = b[p] & 0xFF;
        boolean interPicture = (first & 0x40) != 0;
        boolean layers = (first & 0x20) != 0;
        boolean begin = (first & 0x08) != 0;
        if (interPicture || !begin) {
            return false;
        }
        if (!layers) {
            return true;
        }
        int i = p + 1;
        if ((first & 0x80) != 0) {
            i += (i < p + len && (b[i] & 0x80) != 0) ? 2 : 1;
        }
        if (i >= p + len) {
            return false;
        }
        int spatial = (b[i] >> 1) & 0x07;
        return spatial == 0;
    }

    static boolean h264(byte[] b, int p, int len) {
        if (len < 1) {
            return false;
        }
        int type = b[p] & 0x1F;
        if (type == 7) {
            return true;
        }
        if (type == 24) {
            int i = p + 1;
            while (i + 2 < p + len) {
                int size = Bytes.u16(b, i);
                if (size == 0 || i + 2 + size > p + len) {
                    return false;
                }
                if ((b[i + 2] & 0x1F) == 7) {
                    return true;
                }
                i += 2 + size;
            }
            return false;
        }
        if (type == 28 && len >= 2) {
            return (b[p + 1] & 0x80) != 0 && (b[p + 1] & 0x1F) == 7;
        }
        return false;
    }
}
