package org.nereid.record;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Reassembles H.264 access units from RTP (RFC 6184, packetization mode 1: single NAL
 * units, STAP-A, FU-A) into Matroska's form: every NAL unit prefixed by its 4-byte length.
 * An access unit runs over the packets of one timestamp up to the marker bit. A keyframe
 * is an access unit with an IDR slice and the SPS and PPS it needs; it carries the
 * AVCDecoderConfigurationRecord built from them.
 */
final class H264Assembler extends UnitAssembler {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final int IDR = 5;
    private static final int SPS = 7;
    private static final int PPS = 8;

    private final ByteArrayOutputStream unit = new ByteArrayOutputStream(64 * 1024);
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream(64 * 1024);
    private boolean inFragment;       // an FU-A NAL unit is open
    private byte[] sps;
    private byte[] pps;
    private boolean idr;

    @Override
    void reset() {
        unit.reset();
        inFragment = false;
        sps = null;
        pps = null;
        idr = false;
    }

    @Override
    Frame complete(long timestamp) {
        if (inFragment || unit.size() == 0) {
            return null;
        }
        // the SPS's first three bytes after its header give the decoder configuration's profile and level
        if (!idr || sps == null || sps.length < 4 || pps == null) {
            return new Frame(unit.toByteArray(), timestamp, false, 0, 0);
        }
        int[] size;
        try {
            size = H264Sps.size(sps);
        } catch (IllegalArgumentException e) {
            size = new int[] {0, 0};
        }
        return new Frame(unit.toByteArray(), timestamp, true, size[0], size[1], H264Sps.avcConfiguration(sps, pps));
    }

    /** Adds the packet's NAL units; false when the packet is malformed or of a kind mode 1 does not use. */
    @Override
    boolean take(byte[] p) {
        if (p.length < 1) {
            return false;
        }
        int type = p[0] & 0x1F;
        if (type >= 1 && type <= 23) {
            return !inFragment && nal(p, 0, p.length);
        }
        if (type == STAP_A) {
            int i = 1;
            while (i < p.length) {
                if (i + 2 > p.length) {
                    return false;
                }
                int size = (p[i] & 0xFF) << 8 | p[i + 1] & 0xFF;
                if (size == 0 || i + 2 + size > p.length || !nal(p, i + 2, size)) {
                    return false;
                }
                i += 2 + size;
            }
            return !inFragment;
        }
        if (type == FU_A && p.length > 2) {
            return fragment(p);
        }
        return false;
    }

    private boolean fragment(byte[] p) {
        boolean first = (p[1] & 0x80) != 0;
        boolean last = (p[1] & 0x40) != 0;
        if (first == inFragment) {
            return false;             // a start inside a fragment, or a continuation without one
        }
        if (first) {
            fragment.reset();
            fragment.write((p[0] & 0xE0) | (p[1] & 0x1F));     // the NAL header: F, NRI, type
            inFragment = true;
        }
        if (fragment.size() + p.length > VideoAssembler.MAX_FRAME) {
            return false;
        }
        fragment.write(p, 2, p.length - 2);
        if (!last) {
            return true;
        }
        inFragment = false;
        byte[] nal = fragment.toByteArray();
        return nal(nal, 0, nal.length);
    }

    private boolean nal(byte[] b, int off, int len) {
        if (unit.size() + 4 + len > VideoAssembler.MAX_FRAME) {
            return false;
        }
        int type = b[off] & 0x1F;
        if (type == SPS) {
            sps = Arrays.copyOfRange(b, off, off + len);
        } else if (type == PPS) {
            pps = Arrays.copyOfRange(b, off, off + len);
        } else if (type == IDR) {
            idr = true;
        }
        writeLength(len);
        unit.write(b, off, len);
        return true;
    }

    private void writeLength(int len) {
        unit.write(len >>> 24);
        unit.write(len >>> 16);
        unit.write(len >>> 8);
        unit.write(len);
    }
}
