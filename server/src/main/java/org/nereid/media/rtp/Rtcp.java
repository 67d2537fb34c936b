package org.nereid.media.rtp;

/**
 * Reads and writes the RTCP packets the SFU deals with (RFC 3550, 4585, 5104):
 * SR, RR, SDES, BYE, generic NACK, PLI, FIR and REMB. Offsets point at the
 * start of one packet inside a compound packet.
 */
public final class Rtcp {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;
    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    public static final int FMT_REMB = 15;

    public static final int PLI_LENGTH = 12;
    public static final int SR_LENGTH = 28;

    private Rtcp() {
    }

    public static int type(byte[] b, int p) {
        return b[p + 1] & 0xFF;
    }

    /** The five-bit count / feedback message type field. */
    public static int format(byte[] b, int p) {
        return b[p] & 0x1F;
    }

    /** Length in bytes of the packet at p, or -1 when it does not fit in end. */
    public static int length(byte[] b, int p, int end) {
        if (p + 4 > end || (b[p] & 0xC0) != 0x80) {
            return -1;
        }
        int n = 4 * (Bytes.u16(b, p + 2) + 1);
        return p + n <= end ? n : -1;
    }

    /** The SSRC of the packet's sender (SR, RR, feedback) or of its first chunk (SDES, BYE). */
    public static int senderSsrc(byte[] b, int p) {
        return Bytes.i32(b, p + 4);
    }

    /** The media source SSRC of a feedback packet (RTPFB, PSFB). */
    public static int mediaSsrc(byte[] b, int p) {
        return Bytes.i32(b, p + 8);
    }

    /** Writes a PLI asking {@code mediaSsrc} for a keyframe; returns its length. */
    public static int writePli(byte[] b, int p, int senderSsrc, int mediaSsrc) {
        b[p] = (byte) (0x80 | FMT_PLI);
        b[p + 1] = (byte) PSFB;
        Bytes.put16(b, p + 2, 2);
        Bytes.put32(b, p + 4, senderSsrc);
        Bytes.put32(b, p + 8, mediaSsrc);
        return PLI_LENGTH;
    }

    /** Writes a sender report without report blocks; returns its length. */
    public static int writeSenderReport(byte[] b, int p, int ssrc, long ntp, long rtpTime, long packets, long octets) {
        b[p] = (byte) 0x80;
        b[p + 1] = (byte) SR;
        Bytes.put16(b, p + 2, 6);
        Bytes.put32(b, p + 4, ssrc);
        Bytes.put32(b, p + 8, (int) (ntp >>> 32));
        Bytes.put32(b, p + 12, (int) ntp);
        Bytes.put32(b, p + 16, (int) rtpTime);
        Bytes.put32(b, p + 20, (int) packets);
        Bytes.put32(b, p + 24, (int) octets);
        return SR_LENGTH;
    }

    /**
     * Writes the header of a receiver report from {@code senderSsrc} announcing {@code blocks}
     * report blocks (0 to 31), which the caller writes after it; returns the header's length.
     */
    public static int writeReceiverReportHeader(byte[] b, int p, int senderSsrc, int blocks) {
        b[p] = (byte) (0x80 | blocks);
        b[p + 1] = (byte) RR;
        Bytes.put16(b, p + 2, 1 + blocks * ReportBlock.LENGTH / 4);
        Bytes.put32(b, p + 4, senderSsrc);
        return 8;
    }

    /**
     * Offset of the {@code i}th report block of the SR or RR at p (length n), or -1 when the
     * packet has no such block.
     */
    public static int reportBlock(byte[] b, int p, int n, int i) {
        int type = type(b, p);
        int first = type == SR ? p + SR_LENGTH : type == RR ? p + 8 : -1;
        if (first < 0 || i >= format(b, p)) {
            return -1;
        }
        int at = first + i * ReportBlock.LENGTH;
        return at + ReportBlock.LENGTH <= p + n ? at : -1;
    }

    /** The middle 32 bits of a 64-bit NTP timestamp, as an RR's LSR field carries it. */
    public static long middleNtp(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }

    /** Writes a generic NACK for {@code pid} and the following 16 packets flagged in {@code blp}. */
    public static int writeNack(byte[] b, int p, int senderSsrc, int mediaSsrc, int pid, int blp) {
        b[p] = (byte) (0x80 | FMT_NACK);
        b[p + 1] = (byte) RTPFB;
        Bytes.put16(b, p + 2, 3);
        Bytes.put32(b, p + 4, senderSsrc);
        Bytes.put32(b, p + 8, mediaSsrc);
        Bytes.put16(b, p + 12, pid);
        Bytes.put16(b, p + 14, blp);
        return 16;
    }

    /**
     * Writes one generic NACK asking {@code mediaSsrc} for {@code count} sequence numbers
     * (ascending, modulo 2^16), packed into as few PID + BLP pairs as they fit, at most
     * {@code maxPairs}; returns its length. Numbers that do not fit are left out.
     */
    public static int writeNack(byte[] b, int p, int senderSsrc, int mediaSsrc, int[] seqs, int count, int maxPairs) {
        int pairs = 0;
        for (int i = 0; i < count && pairs < maxPairs; pairs++) {
            int pid = seqs[i++];
            int blp = 0;
            while (i < count) {
                int bit = ((seqs[i] - pid) & 0xFFFF) - 1;
                if (bit < 0 || bit >= 16) {
                    break;
                }
                blp |= 1 << bit;
                i++;
            }
            Bytes.put16(b, p + 12 + 4 * pairs, pid);
            Bytes.put16(b, p + 14 + 4 * pairs, blp);
        }
        b[p] = (byte) (0x80 | FMT_NACK);
        b[p + 1] = (byte) RTPFB;
        Bytes.put16(b, p + 2, 2 + pairs);
        Bytes.put32(b, p + 4, senderSsrc);
        Bytes.put32(b, p + 8, mediaSsrc);
        return 12 + 4 * pairs;
    }

    /** The number of PID + BLP pairs in the generic NACK at p (length n). */
    public static int nackPairs(int n) {
        return Math.max(0, (n - 12) / 4);
    }

    /**
     * The sequence numbers pair {@code i} of the generic NACK at p asks for: the PID in the
     * low 16 bits, the BLP (the following 16, one bit each) in the high 16.
     */
    public static int nackPair(byte[] b, int p, int i) {
        return Bytes.i32(b, p + 12 + 4 * i) >>> 16 | Bytes.u16(b, p + 14 + 4 * i) << 16;
    }

    /** Writes a REMB (draft-alvestrand-rmcat-remb) for one media SSRC; returns its length. */
    public static int writeRemb(byte[] b, int p, int senderSsrc, long bitrate, int mediaSsrc) {
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > 0x3FFFF) {
            mantissa >>= 1;
            exp++;
        }
        b[p] = (byte) (0x80 | FMT_REMB);
        b[p + 1] = (byte) PSFB;
        Bytes.put16(b, p + 2, 5);
        Bytes.put32(b, p + 4, senderSsrc);
        Bytes.put32(b, p + 8, 0);
        b[p + 12] = 'R';
        b[p + 13] = 'E';
        b[p + 14] = 'M';
        b[p + 15] = 'B';
        b[p + 16] = 1;
        b[p + 17] = (byte) ((exp << 2) | (int) (mantissa >> 16));
        Bytes.put16(b, p + 18, (int) mantissa);
        Bytes.put32(b, p + 20, mediaSsrc);
        return 24;
    }
}
