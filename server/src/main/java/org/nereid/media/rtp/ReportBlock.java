package org.nereid.media.rtp;

/**
 * One reception report block of an RTCP SR or RR (RFC 3550 §6.4.1).
 *
 * @param ssrc            the source reported on
 * @param fractionLost    packets lost since the previous report, in 256ths
 * @param cumulativeLost  packets lost since the start (signed 24 bits: duplicates can make it negative)
 * @param extendedHighest highest sequence number received, with the wrap-around count in the high 16 bits
 * @param jitter          interarrival jitter in RTP timestamp units
 * @param lsr             middle 32 bits of the NTP time of the last sender report received, 0 if none
 * @param dlsr            delay since that sender report in 1/65536 s, 0 if none
 */
public record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long extendedHighest, long jitter,
                          long lsr, long dlsr) {
    public static final int LENGTH = 24;
    private static final int MAX_LOST = 0x7FFFFF;
    private static final int MIN_LOST = -0x800000;

    /** Writes the block at p; returns its length. */
    public int write(byte[] b, int p) {
        Bytes.put32(b, p, ssrc);
        int lost = Math.max(MIN_LOST, Math.min(MAX_LOST, cumulativeLost));
        Bytes.put32(b, p + 4, (Math.min(255, Math.max(0, fractionLost)) << 24) | (lost & 0xFFFFFF));
        Bytes.put32(b, p + 8, (int) extendedHighest);
        Bytes.put32(b, p + 12, (int) jitter);
        Bytes.put32(b, p + 16, (int) lsr);
        Bytes.put32(b, p + 20, (int) dlsr);
        return LENGTH;
    }

    /** Reads the block at p. */
    public static ReportBlock read(byte[] b, int p) {
        int word = Bytes.i32(b, p + 4);
        return new ReportBlock(Bytes.i32(b, p), word >>> 24, (word << 8) >> 8, Bytes.u32(b, p + 8),
                Bytes.u32(b, p + 12), Bytes.u32(b, p + 16), Bytes.u32(b, p + 20));
    }

    /** The fraction lost as a number from 0 to 1. */
    public double lossRatio() {
        return fractionLost / 256.0;
    }
}
