package org.nereid.record;

import java.io.ByteArrayOutputStream;

/**
 * What a recording needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1):
 * the picture size, after cropping.
 */
final class H264Sps {
    private static final java.util.Set<Integer> HIGH_PROFILES =
            java.util.Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

    private H264Sps() {
    }

    /** {width, height} of the SPS NAL unit {@code nal} (with its one-byte header). */
    static int[] size(byte[] nal) {
        byte[] rbsp = unescape(nal);
        BitReader r = new BitReader(rbsp, 1, rbsp.length - 1);
        int profile = r.bits(8);
        r.skip(16);                                   // constraint flags, level
        r.ue();                                       // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separatePlanes = false;
        if (HIGH_PROFILES.contains(profile)) {
            chromaFormat = r.ue();
            if (chromaFormat == 3) {
                separatePlanes = r.flag();
            }
            r.ue();                                   // bit depths
            r.ue();
            r.skip(1);                                // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) {                           // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormat == 3 ? 12 : 8); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue();                                       // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.skip(1);
            r.se();
            r.se();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue();                                       // max_num_ref_frames
        r.skip(1);                                    // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1);                                // mb_adaptive_frame_field_flag
        }
        r.skip(1);                                    // direct_8x8_inference_flag
        int left = 0;
        int right = 0;
        int top = 0;
        int bottom = 0;
        if (r.flag()) {                               // frame_cropping_flag
            left = r.ue();
            right = r.ue();
            top = r.ue();
            bottom = r.ue();
        }
        int fieldFactor = frameMbsOnly ? 1 : 2;
        boolean monochrome = chromaFormat == 0 || separatePlanes;
        int cropX = monochrome || chromaFormat == 3 ? 1 : 2;
        int cropY = (monochrome || chromaFormat != 1 ? 1 : 2) * fieldFactor;
        int width = widthMbs * 16 - cropX * (left + right);
        int height = fieldFactor * heightUnits * 16 - cropY * (top + bottom);
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("the SPS crops the picture away");
        }
        return new int[] {width, height};
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** The NAL unit without its emulation prevention bytes (00 00 03 → 00 00). */
    static byte[] unescape(byte[] nal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }

    /**
     * The AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) for one SPS and one
     * PPS, with 4-byte NAL lengths: Matroska's CodecPrivate for V_MPEG4/ISO/AVC.
     */
    static byte[] avcConfiguration(byte[] sps, byte[] pps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(11 + sps.length + pps.length);
        out.write(1);                                 // configurationVersion
        out.write(sps[1]);                            // AVCProfileIndication
        out.write(sps[2]);                            // profile_compatibility
        out.write(sps[3]);                            // AVCLevelIndication
        out.write(0xFF);                              // reserved, lengthSizeMinusOne = 3
        out.write(0xE1);                              // reserved, one SPS
        out.write(sps.length >> 8);
        out.write(sps.length);
        out.writeBytes(sps);
        out.write(1);                                 // one PPS
        out.write(pps.length >> 8);
        out.write(pps.length);
        out.writeBytes(pps);
        return out.toByteArray();
    }
}
