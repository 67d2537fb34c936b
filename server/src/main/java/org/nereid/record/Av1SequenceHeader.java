package org.nereid.record;

import java.io.ByteArrayOutputStream;

/**
 * What a recording needs from an AV1 sequence header OBU (AV1 spec §5.5): the
 * maximum frame size, and the fields of the AV1CodecConfigurationRecord that
 * Matroska's V_AV1 CodecPrivate starts with.
 */
record Av1SequenceHeader(int profile, int level, int tier, boolean highBitDepth, boolean twelveBit,
                         boolean monochrome, int subsamplingX, int subsamplingY, int chromaPosition,
                         int width, int height) {
    private static final int CP_BT_709 = 1;
    private static final int TC_SRGB = 13;
    private static final int MC_IDENTITY = 0;

    /** Parses the OBU's payload {@code [off, off+len)} (after its header and size). */
    static Av1SequenceHeader parse(byte[] b, int off, int len) {
        BitReader r = new BitReader(b, off, len);
        int profile = r.bits(3);
        r.skip(1);                                    // still_picture
        boolean reduced = r.flag();
        int level;
        int tier = 0;
        if (reduced) {
            level = r.bits(5);
        } else {
            boolean decoderModel = false;
            int bufferDelayLength = 0;
            if (r.flag()) {                           // timing_info_present_flag
                r.skip(64);
                if (r.flag()) {                       // equal_picture_interval
                    r.skipUvlc();
                }
                decoderModel = r.flag();
                if (decoderModel) {
                    bufferDelayLength = r.bits(5) + 1;
                    r.skip(32 + 5 + 5);
                }
            }
            boolean initialDisplayDelay = r.flag();
            int points = r.bits(5) + 1;
            level = 0;
            for (int i = 0; i < points; i++) {
                r.skip(12);                           // operating_point_idc
                int lvl = r.bits(5);
                int t = lvl > 7 ? r.bits(1) : 0;
                if (i == 0) {
                    level = lvl;
                    tier = t;
                }
                if (decoderModel && r.flag()) {
                    r.skip(2 * bufferDelayLength + 1);
                }
                if (initialDisplayDelay && r.flag()) {
                    r.skip(4);
                }
            }
        }
        int widthBits = r.bits(4) + 1;
        int heightBits = r.bits(4) + 1;
        int width = r.bits(widthBits) + 1;
        int height = r.bits(heightBits) + 1;
        if (!reduced && r.flag()) {                   // frame_id_numbers_present_flag
            r.skip(7);
        }
        r.skip(3);                                    // 128x128 superblock, filter intra, intra edge filter
        if (!reduced) {
            r.skip(4);                                // interintra, masked compound, warped motion, dual filter
            boolean orderHint = r.flag();
            if (orderHint) {
                r.skip(2);                            // jnt_comp, ref_frame_mvs
            }
            boolean chooseScreenContent = r.flag();
            int forceScreenContent = chooseScreenContent ? 2 : r.bits(1);
            if (forceScreenContent > 0 && !r.flag()) { // seq_choose_integer_mv
                r.skip(1);
            }
            if (orderHint) {
                r.skip(3);
            }
        }
        r.skip(3);                                    // superres, cdef, restoration
        boolean highBitDepth = r.flag();
        boolean twelveBit = profile == 2 && highBitDepth && r.flag();
        boolean monochrome = profile != 1 && r.flag();
        int primaries = 2;
        int transfer = 2;
        int matrix = 2;
        if (r.flag()) {                               // color_description_present_flag
            primaries = r.bits(8);
            transfer = r.bits(8);
            matrix = r.bits(8);
        }
        int sx;
        int sy;
        int position = 0;
        if (monochrome) {
            sx = 1;
            sy = 1;
        } else if (primaries == CP_BT_709 && transfer == TC_SRGB && matrix == MC_IDENTITY) {
            sx = 0;
            sy = 0;
        } else {
            r.skip(1);                                // color_range
            if (profile == 0) {
                sx = 1;
                sy = 1;
            } else if (profile == 1) {
                sx = 0;
                sy = 0;
            } else if (twelveBit) {
                sx = r.bits(1);
                sy = sx == 1 ? r.bits(1) : 0;
            } else {
                sx = 1;
                sy = 0;
            }
            if (sx == 1 && sy == 1) {
                position = r.bits(2);
            }
        }
        return new Av1SequenceHeader(profile, level, tier, highBitDepth, twelveBit, monochrome, sx, sy, position,
                width, height);
    }

    /**
     * The AV1CodecConfigurationRecord (AV1-ISOBMFF §2.3) followed by the sequence header
     * OBU: Matroska's CodecPrivate for V_AV1.
     */
    byte[] codecConfiguration(byte[] sequenceHeaderObu) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + sequenceHeaderObu.length);
        out.write(0x81);                              // marker, version 1
        out.write(profile << 5 | level);
        out.write(tier << 7 | (highBitDepth ? 0x40 : 0) | (twelveBit ? 0x20 : 0) | (monochrome ? 0x10 : 0)
                | subsamplingX << 3 | subsamplingY << 2 | chromaPosition);
        out.write(0);                                 // no initial presentation delay
        out.writeBytes(sequenceHeaderObu);
        return out.toByteArray();
    }
}
