package org.nereid.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeyframesTest {
    @Test
    void vp8KeyframeIsAStartWithThePBitClear() {
        byte[] key = {0x10, (byte) 0x90, 0x00, 0x00};           // S=1 PID=0, P=0
        byte[] delta = {0x10, 0x01, 0x00};                      // P=1
        byte[] middle = {0x00, 0x00};                           // not a start
        byte[] extended = {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23, 0x00}; // X, I, 15-bit picture id, then P=0
        assertEquals(Keyframes.YES, Keyframes.test("vp8", key, 0, key.length));
        assertEquals(Keyframes.NO, Keyframes.test("vp8", delta, 0, delta.length));
        assertEquals(Keyframes.NO, Keyframes.test("vp8", middle, 0, middle.length));
        assertEquals(Keyframes.YES, Keyframes.test("vp8", extended, 0, extended.length));
    }

    @Test
    void vp9KeyframeIsABeginningWithoutInterPrediction() {
        assertEquals(Keyframes.YES, Keyframes.test("vp9", new byte[] {0x08}, 0, 1));
        assertEquals(Keyframes.NO, Keyframes.test("vp9", new byte[] {0x48}, 0, 1), "P set");
        assertEquals(Keyframes.NO, Keyframes.test("vp9", new byte[] {0x00}, 0, 1), "not a beginning");
        assertEquals(Keyframes.YES, Keyframes.test("vp9", new byte[] {(byte) 0xA8, 0x05, 0x00}, 0, 3), "I, L with SID 0");
        assertEquals(Keyframes.NO, Keyframes.test("vp9", new byte[] {(byte) 0xA8, 0x05, 0x02}, 0, 3), "SID 1");
    }

    @Test
    void h264KeyframeCarriesAnSps() {
        assertEquals(Keyframes.YES, Keyframes.test("h264", new byte[] {0x67, 1, 2}, 0, 3));
        assertEquals(Keyframes.NO, Keyframes.test("h264", new byte[] {0x41, 1, 2}, 0, 3));
        byte[] stapA = {0x18, 0, 2, 0x09, 0x10, 0, 2, 0x67, 1};
        assertEquals(Keyframes.YES, Keyframes.test("h264", stapA, 0, stapA.length));
        assertEquals(Keyframes.YES, Keyframes.test("h264", new byte[] {0x7C, (byte) 0x87, 0}, 0, 3), "FU-A start of SPS");
        assertEquals(Keyframes.NO, Keyframes.test("h264", new byte[] {0x7C, 0x07, 0}, 0, 3), "FU-A continuation");
    }

    @Test
    void otherCodecsAreUnknown() {
        assertEquals(Keyframes.UNKNOWN, Keyframes.test("av1", new byte[] {0}, 0, 1));
        assertEquals(Keyframes.UNKNOWN, Keyframes.test("opus", new byte[] {0}, 0, 1));
    }
}
