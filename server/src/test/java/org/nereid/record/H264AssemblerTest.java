package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 6184 depacketisation into length-prefixed access units, and the SPS it reads. */
class H264AssemblerTest {
    // parameter sets libx264 wrote for a 320x180 picture (baseline, and high with 4:2:0): 180 is cropped from 192
    static final byte[] SPS_BASELINE = hex("6742c00bd901419f9f011000000300100000030140f142a480");
    static final byte[] PPS_BASELINE = hex("68cb83cb20");
    static final byte[] SPS_HIGH = hex("6764000cacd941419f9f011000000300100000030140f1429960");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] nal(int header, int size, int seed) {
        byte[] n = new byte[size];
        n[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            n[i] = (byte) (seed + i * 7);
        }
        return n;
    }

    private static byte[] stapA(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);                              // NRI 3, type 24
        for (byte[] n : nals) {
            out.write(n.length >> 8);
            out.write(n.length);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    /** FU-A fragments of one NAL unit, {@code chunk} bytes of its body each. */
    private static byte[][] fuA(byte[] nal, int chunk) {
        int body = nal.length - 1;
        int count = (body + chunk - 1) / chunk;
        byte[][] packets = new byte[count][];
        for (int i = 0; i < count; i++) {
            int from = 1 + i * chunk;
            int len = Math.min(chunk, nal.length - from);
            byte[] p = new byte[2 + len];
            p[0] = (byte) ((nal[0] & 0xE0) | 28);
            p[1] = (byte) ((i == 0 ? 0x80 : 0) | (i == count - 1 ? 0x40 : 0) | (nal[0] & 0x1F));
            System.arraycopy(nal, from, p, 2, len);
            packets[i] = p;
        }
        return packets;
    }

    private static byte[] lengthPrefixed(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.write(n.length >>> 24);
            out.write(n.length >>> 16);
            out.write(n.length >>> 8);
            out.write(n.length);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    @Test
    void spsSizesAfterCropping() {
        assertArrayEquals(new int[] {320, 180}, H264Sps.size(SPS_BASELINE));
        assertArrayEquals(new int[] {320, 180}, H264Sps.size(SPS_HIGH));
    }

    @Test
    void aKeyframeFromStapAAndFuAThenAnInterFrame() {
        H264Assembler a = new H264Assembler();
        byte[] idr = nal(0x65, 3000, 1);
        byte[][] fragments = fuA(idr, 1000);
        assertNull(a.push(stapA(SPS_BASELINE, PPS_BASELINE), 9000, false, false));
        assertNull(a.push(fragments[0], 9000, false, false));
        assertNull(a.push(fragments[1], 9000, false, false));
        Frame key = a.push(fragments[2], 9000, true, false);
        assertNotNull(key);
        assertTrue(key.keyframe());
        assertEquals(320, key.width());
        assertEquals(180, key.height());
        assertArrayEquals(lengthPrefixed(SPS_BASELINE, PPS_BASELINE, idr), key.data());
        byte[] config = key.codecPrivate();
        assertEquals(1, config[0]);
        assertEquals(0x42, config[1]);
        assertEquals((byte) 0xFF, config[4], "4-byte NAL lengths");
        assertEquals((byte) 0xE1, config[5], "one SPS");
        assertEquals(SPS_BASELINE.length, config[7]);

        byte[] slice = nal(0x41, 500, 2);
        Frame inter = a.push(slice, 12000, true, false);
        assertFalse(inter.keyframe());
        assertArrayEquals(lengthPrefixed(slice), inter.data());
        assertNull(inter.codecPrivate());
    }

    @Test
    void interFramesBeforeTheFirstKeyframeAndAfterALossAreDropped() {
        H264Assembler a = new H264Assembler();
        assertNull(a.push(nal(0x41, 100, 1), 3000, true, false), "no keyframe yet");
        assertNotNull(a.push(stapA(SPS_BASELINE, PPS_BASELINE, nal(0x65, 100, 2)), 6000, true, false));
        assertNotNull(a.push(nal(0x41, 100, 3), 9000, true, false));
        assertNull(a.push(nal(0x41, 100, 4), 15000, true, true), "a gap before it");
        assertNull(a.push(nal(0x41, 100, 5), 18000, true, false), "still waiting for a keyframe");
        assertTrue(a.push(stapA(SPS_BASELINE, PPS_BASELINE, nal(0x65, 100, 6)), 21000, true, false).keyframe());
    }

    @Test
    void aLostFragmentDropsTheFrame() {
        H264Assembler a = new H264Assembler();
        assertNotNull(a.push(stapA(SPS_BASELINE, PPS_BASELINE, nal(0x65, 100, 2)), 3000, true, false));
        byte[][] fragments = fuA(nal(0x41, 3000, 1), 1000);
        assertNull(a.push(fragments[0], 6000, false, false));
        assertNull(a.push(fragments[2], 6000, true, true), "the middle fragment never came");
        assertNull(a.push(nal(0x41, 100, 3), 9000, true, false), "dropped until the next keyframe");
    }

    @Test
    void malformedPacketsAreRefusedWithoutThrowing() {
        H264Assembler a = new H264Assembler();
        assertNull(a.push(new byte[0], 3000, true, false));
        assertNull(a.push(new byte[] {0x78, 0x00, 0x09, 0x67}, 6000, true, false), "STAP-A size past the end");
        assertNull(a.push(new byte[] {0x7C, 0x45, 1, 2}, 9000, true, false), "an FU-A end without its start");
        assertNull(a.push(new byte[] {0x79, 0, 1, 0x65}, 12000, true, false), "STAP-B is not mode 1");
        assertNull(a.push(stapA(new byte[] {0x67, 0x42}, PPS_BASELINE, nal(0x65, 100, 1)), 15000, true, false),
                "an SPS too short to describe the stream makes no keyframe");
    }
}
