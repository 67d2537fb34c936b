package org.nereid.media.rtp;

/**
 * Reads and writes the two RTCP XR blocks (RFC 3611) that let a receive-only endpoint
 * measure its round trip: the Receiver Reference Time Report (RRTR, block type 4) it
 * sends, and the DLRR (block type 5) we answer with. Offsets point at the start of one
 * XR packet inside a compound packet; nothing is allocated and a broken packet is
 * reported, never thrown.
 */
public final class Xr {
    public static final int XR = 207;
    static final int RRTR = 4;
    static final int DLRR = 5;
    /** XR header (8) + DLRR block header (4) + one sub-block (12). */
    public static final int DLRR_LENGTH = 24;
    /** {@link #rrtr}: the packet has no RRTR block. */
    public static final int NONE = -1;
    /** {@link #rrtr}: a block's length runs past the packet, or an RRTR block is too short. */
    public static final int MALFORMED = -2;

    private Xr() {
    }

    /**
     * The offset of the (first) RRTR block of the XR packet at p, length n (from
     * {@link Rtcp#length}), or {@link #NONE} or {@link #MALFORMED}. Other blocks are skipped.
     */
    public static int rrtr(byte[] b, int p, int n) {
        int end = p + n;
        int at = p + 8;
        if (at > end) {
            return MALFORMED;
        }
        while (at + 4 <= end) {
            int words = Bytes.u16(b, at + 2);
            int next = at + 4 + 4 * words;
            if (next > end) {
                return MALFORMED;
            }
            if ((b[at] & 0xFF) == RRTR) {
                return words == 2 ? at : MALFORMED;
            }
            at = next;
        }
        return at == end ? NONE : MALFORMED;
    }

    /** The 64-bit NTP timestamp of the RRTR block at {@code block} (from {@link #rrtr}). */
    public static long rrtrNtp(byte[] b, int block) {
        return ((long) Bytes.i32(b, block + 4) << 32) | Bytes.u32(b, block + 8);
    }

    /**
     * Writes an XR packet from {@code senderSsrc} holding one DLRR sub-block answering the
     * RRTR of {@code ssrc}: LRR = the middle 32 bits of that RRTR's NTP time
     * ({@link Rtcp#middleNtp}), DLRR = the delay since it arrived, in 1/65536 s. Returns its
     * length, {@link #DLRR_LENGTH}.
     */
    public static int writeDlrr(byte[] b, int p, int senderSsrc, int ssrc, long lastRr, long delay) {
        b[p] = (byte) 0x80;
        b[p + 1] = (byte) XR;
        Bytes.put16(b, p + 2, DLRR_LENGTH / 4 - 1);
        Bytes.put32(b, p + 4, senderSsrc);
        b[p + 8] = (byte) DLRR;
        b[p + 9] = 0;
        Bytes.put16(b, p + 10, 3);
        Bytes.put32(b, p + 12, ssrc);
        Bytes.put32(b, p + 16, (int) lastRr);
        Bytes.put32(b, p + 20, (int) delay);
        return DLRR_LENGTH;
    }

    /**
     * A monotonic time ({@link System#nanoTime}) in the DLRR's units of 1/65536 s, modulo
     * 2^32 (18 h): the difference of two is a delay to put in a DLRR.
     */
    public static long units(long nanos) {
        return (nanos / 1_000 * 65_536 / 1_000_000) & 0xFFFFFFFFL;
    }
}
