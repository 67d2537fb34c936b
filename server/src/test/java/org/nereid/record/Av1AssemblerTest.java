package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The AV1 RTP payload format into Matroska temporal units, and the sequence header it reads. */
class Av1AssemblerTest {
    /** The sequence header libaom wrote for a 320x180 4:2:0 picture, without its size field (as RTP sends it). */
    static final byte[] SEQUENCE_HEADER = HexFormat.of().parseHex("08" + "000000043cfeccdaf90040");
    /** Its payload for the same picture in 4:4:4 (profile 1). */
    static final byte[] SEQUENCE_HEADER_444 = HexFormat.of().parseHex("200000043cfeccdaf92021a004");

    private static byte[] seqPayload() {
        return Arrays.copyOfRange(SEQUENCE_HEADER, 1, SEQUENCE_HEADER.length);
    }

    private static byte[] frameObu(int size, int seed) {
        byte[] o = new byte[size];
        o[0] = 0x30;                                   // type 6 (frame), no size field
        for (int i = 1; i < size; i++) {
            o[i] = (byte) (seed + i);
        }
        return o;
    }

    /** An RTP payload whose elements all carry a length (W = 0). */
    private static byte[] packet(boolean z, boolean y, boolean n, byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((z ? 0x80 : 0) | (y ? 0x40 : 0) | (n ? 0x08 : 0));
        for (byte[] e : elements) {
            leb(out, e.length);
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, int v) {
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    /** The OBU with its size field, as the file holds it. */
    private static byte[] sized(byte[] obu) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(obu[0] | 0x02);
        leb(out, obu.length - 1);
        out.write(obu, 1, obu.length - 1);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void sequenceHeaderFields() {
        Av1SequenceHeader h = Av1SequenceHeader.parse(seqPayload(), 0, seqPayload().length);
        assertEquals(320, h.width());
        assertEquals(180, h.height());
        assertEquals(0, h.profile());
        assertEquals(1, h.subsamplingX());
        assertEquals(1, h.subsamplingY());
        assertFalse(h.highBitDepth());
        Av1SequenceHeader full = Av1SequenceHeader.parse(SEQUENCE_HEADER_444, 0, SEQUENCE_HEADER_444.length);
        assertEquals(1, full.profile());
        assertEquals(0, full.subsamplingX());
        assertEquals(0, full.subsamplingY());
        assertEquals(180, full.height());
    }

    @Test
    void aKeyframeSpreadOverFragmentsThenAnInterFrame() {
        Av1Assembler a = new Av1Assembler();
        byte[] frame = frameObu(2500, 3);
        byte[] head = Arrays.copyOfRange(frame, 0, 1000);
        byte[] middle = Arrays.copyOfRange(frame, 1000, 2000);
        byte[] tail = Arrays.copyOfRange(frame, 2000, frame.length);
        byte[] temporalDelimiter = {0x10};
        assertNull(a.push(packet(false, true, true, temporalDelimiter, SEQUENCE_HEADER, head), 90000, false, false));
        assertNull(a.push(packet(true, true, false, middle), 90000, false, false));
        Frame key = a.push(packet(true, false, false, tail), 90000, true, false);
        assertNotNull(key);
        assertTrue(key.keyframe());
        assertEquals(320, key.width());
        assertEquals(180, key.height());
        assertArrayEquals(concat(sized(SEQUENCE_HEADER), sized(frame)), key.data(), "no temporal delimiter");
        byte[] config = key.codecPrivate();
        assertEquals((byte) 0x81, config[0]);
        assertArrayEquals(sized(SEQUENCE_HEADER), Arrays.copyOfRange(config, 4, config.length));

        byte[] inter = frameObu(300, 9);
        Frame next = a.push(packet(false, false, false, inter), 93000, true, false);
        assertFalse(next.keyframe());
        assertArrayEquals(sized(inter), next.data());
    }

    @Test
    void theLastElementWithoutLengthAndLossRecovery() {
        Av1Assembler a = new Av1Assembler();
        byte[] frame = frameObu(200, 1);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x20 | 0x08);                          // W = 2: the second element has no length
        leb(p, SEQUENCE_HEADER.length);
        p.writeBytes(SEQUENCE_HEADER);
        p.writeBytes(frame);
        assertTrue(a.push(p.toByteArray(), 3000, true, false).keyframe());
        assertNull(a.push(packet(false, false, false, frameObu(50, 2)), 9000, true, true), "after a gap");
        assertNull(a.push(packet(true, false, false, frameObu(50, 3)), 12000, true, false),
                "a continuation of a fragment never started");
        assertNull(a.push(packet(false, false, false, frameObu(50, 4)), 15000, true, false), "still no keyframe");
    }

    @Test
    void malformedPacketsAreRefusedWithoutThrowing() {
        Av1Assembler a = new Av1Assembler();
        assertNull(a.push(new byte[] {0}, 3000, true, false));
        assertNull(a.push(new byte[] {0, (byte) 0x80}, 6000, true, false), "a length that never ends");
        assertNull(a.push(new byte[] {0, 9, 0x30}, 9000, true, false), "a length past the end");
        assertNull(a.push(new byte[] {0, 3, 0x08, 0, 0}, 12000, true, false), "a truncated sequence header");
    }
}
