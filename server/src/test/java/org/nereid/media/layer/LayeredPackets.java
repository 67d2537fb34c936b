package org.nereid.media.layer;

import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtp;

/** Constructed VP8 and VP9 packets with layer information, 40 bytes, payload type 96, SSRC 0x1234. */
public final class LayeredPackets {
    private LayeredPackets() {
    }

    /** One VP8 packet: 15-bit picture id, TL0PICIDX, TID and Y, a 1-byte payload header and filler. */
    public static byte[] vp8(int seq, long ts, int pid, int tl0, int tid, boolean sync, boolean start, boolean key,
                      boolean marker) {
        byte[] p = new byte[40];
        header(p, seq, ts, marker);
        p[12] = (byte) (start ? 0x90 : 0x80);
        p[13] = (byte) 0xE0;
        p[14] = (byte) (0x80 | (pid >> 8));
        p[15] = (byte) pid;
        p[16] = (byte) tl0;
        p[17] = (byte) (tid << 6 | (sync ? 0x20 : 0));
        p[18] = (byte) (key ? 0x00 : 0x01);
        return p;
    }

    /**
     * One VP9 packet with layer indices: {@code tl0} the TL0PICIDX of the non-flexible mode, -1
     * for the flexible mode (then a reference difference of 1 when inter-picture predicted).
     */
    public static byte[] vp9(int seq, long ts, int pid, int tl0, int sid, int tid, boolean up, boolean inter,
                             boolean begin, boolean end, boolean unreferenced, boolean marker) {
        byte[] p = new byte[40];
        header(p, seq, ts, marker);
        int flags = 0xA0 | (inter ? 0x40 : 0) | (tl0 < 0 ? 0x10 : 0) | (begin ? 0x08 : 0) | (end ? 0x04 : 0)
                | (unreferenced ? 0x01 : 0);
        p[12] = (byte) flags;
        p[13] = (byte) (0x80 | (pid >> 8));
        p[14] = (byte) pid;
        p[15] = (byte) (tid << 5 | (up ? 0x10 : 0) | sid << 1 | (sid > 0 ? 1 : 0));
        if (tl0 >= 0) {
            p[16] = (byte) tl0;
        } else if (inter) {
            p[16] = (byte) (1 << 1);
        }
        return p;
    }

    private static void header(byte[] p, int seq, long ts, boolean marker) {
        p[0] = (byte) 0x80;
        p[1] = (byte) (96 | (marker ? 0x80 : 0));
        Rtp.setSequence(p, 0, seq & 0xFFFF);
        Bytes.put32(p, 4, (int) ts);
        Bytes.put32(p, 8, 0x1234);
    }

}
