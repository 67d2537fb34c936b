package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class VideoFormatTest {
    /** A VP8 keyframe header: P bit clear, start code 9d 01 2a, 640x360. */
    private static final byte[] VP8_KEY = {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, (byte) 0x80, 0x02, 0x68, 0x01};

    @Test
    void vp8DescriptorLengths() {
        Vp8Format f = new Vp8Format();
        assertEquals(1, f.descriptorLength(new byte[] {0x10, 0}));
        assertEquals(4, f.descriptorLength(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x02, 0}));
        assertEquals(3, f.descriptorLength(new byte[] {(byte) 0x90, (byte) 0x80, 0x05, 0}));
        assertEquals(6, f.descriptorLength(new byte[] {(byte) 0x90, (byte) 0xF0, (byte) 0x81, 0x02, 0x01, 0x20}));
        assertEquals(-1, f.descriptorLength(new byte[] {(byte) 0x90}));
        assertEquals(-1, f.descriptorLength(new byte[0]));
    }

    @Test
    void vp8StartAndKeyframe() {
        Vp8Format f = new Vp8Format();
        assertEquals(true, f.startsFrame(new byte[] {0x10}));
        assertEquals(false, f.startsFrame(new byte[] {0x11}), "partition 1 does not start a frame");
        assertEquals(false, f.startsFrame(new byte[] {0x00}));
        assertArrayEquals(new int[] {640, 360}, f.keyframe(null, VP8_KEY, VP8_KEY.length));
        byte[] inter = VP8_KEY.clone();
        inter[0] = 0x11;
        assertNull(f.keyframe(null, inter, inter.length));
    }

    @Test
    void assemblerJoinsPacketsAndWaitsForAKeyframeAfterLoss() {
        VideoAssembler a = new VideoAssembler(new Vp8Format());
        byte[] first = new byte[1 + 6];
        first[0] = 0x10;
        System.arraycopy(VP8_KEY, 0, first, 1, 6);
        byte[] second = new byte[1 + 4];
        System.arraycopy(VP8_KEY, 6, second, 1, 4);
        assertNull(a.push(first, 100, false, false));
        Frame key = a.push(second, 100, true, false);
        assertNotNull(key);
        assertArrayEquals(VP8_KEY, key.data());
        assertEquals(640, key.width());

        byte[] inter = {0x10, 0x01, 0x00, 0x00};
        assertNotNull(a.push(inter, 200, true, false));
        assertNull(a.push(inter, 300, true, true), "an inter frame after a loss is dropped");
        assertNull(a.push(inter, 400, true, false), "and so are the next ones");
        assertNull(a.push(first, 500, false, false));
        assertNotNull(a.push(second, 500, true, false), "until a keyframe");
        assertNull(a.push(second, 600, true, false), "a frame whose start is missing is dropped");
    }

    @Test
    void vp9DescriptorAndUncompressedHeader() {
        Vp9Format f = new Vp9Format();
        // I (7-bit picture ID), B, E; then a profile 0 keyframe: marker 10, profile 00, show_existing 0,
        // frame_type 0, show 1, error_res 0, sync code, color space 0 (3 bits), range 0, 1280x720
        byte[] payload = {(byte) 0x8C, 0x05};
        assertEquals(2, f.descriptorLength(payload));
        assertEquals(true, f.startsFrame(payload));
        long bits = 0b10_0_0_0_0_1_0L;
        byte[] frame = new byte[16];
        frame[0] = (byte) bits;
        frame[1] = 0x49;
        frame[2] = (byte) 0x83;
        frame[3] = 0x42;
        // color_space(3)=0, color_range(1)=0, then width-1 (16 bits) and height-1 (16 bits)
        long size = (1279L << 16 | 719L);
        long field = size;                 // 4 zero bits then 32 bits of size: spans bytes 4..8
        frame[4] = (byte) (field >>> 28);
        frame[5] = (byte) (field >>> 20);
        frame[6] = (byte) (field >>> 12);
        frame[7] = (byte) (field >>> 4);
        frame[8] = (byte) (field << 4);
        assertArrayEquals(new int[] {1280, 720}, f.keyframe(payload, frame, frame.length));
        frame[0] = (byte) 0b10_0_0_0_1_1_0;    // frame_type 1
        assertNull(f.keyframe(payload, frame, frame.length));
        // flexible mode with two reference indices, layer indices, scalability structure with one resolution
        byte[] flexible = {(byte) 0xFA, 0x01, 0x00, 0x03, 0x04, 0x10, 0x01, 0x40, 0x00, (byte) 0xB4, 0x00};
        assertEquals(10, f.descriptorLength(flexible));
    }
}
