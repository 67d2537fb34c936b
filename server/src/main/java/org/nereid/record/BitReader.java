package org.nereid.record;

/**
 * Reads a bitstream most significant bit first, as H.264 parameter sets and AV1
 * sequence headers are written. Reading past the end throws, so a truncated
 * header is refused instead of giving a made-up size.
 */
final class BitReader {
    private final byte[] data;
    private final int end;
    private int bit;

    BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.end = (offset + length) * 8;
        this.bit = offset * 8;
    }

    int bits(int n) {
        if (bit + n > end) {
            throw new IllegalArgumentException("the header ends too soon");
        }
        int v = 0;
        for (int i = 0; i < n; i++, bit++) {
            v = v << 1 | (data[bit >> 3] >> (7 - (bit & 7))) & 1;
        }
        return v;
    }

    boolean flag() {
        return bits(1) == 1;
    }

    void skip(int n) {
        for (int i = n; i > 0; i -= 16) {
            bits(Math.min(16, i));
        }
    }

    /** Exp-Golomb ue(v) (H.264 §9.1). */
    int ue() {
        int zeros = 0;
        while (!flag()) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("exp-Golomb code too long");
            }
        }
        return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : Integer.toUnsignedLong(bits(zeros))));
    }

    /** Exp-Golomb se(v). */
    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** AV1's uvlc() (AV1 spec §4.10.3). */
    void skipUvlc() {
        int zeros = 0;
        while (!flag()) {
            if (++zeros >= 32) {
                return;
            }
        }
        skip(zeros);
    }
}
