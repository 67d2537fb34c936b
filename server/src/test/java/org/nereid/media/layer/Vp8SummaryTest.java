package org.nereid.media.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Rtp;

class Vp8SummaryTest {
    @Test
    void readsBackEachFieldOfTheDescriptor() {
        int s = Vp8Summary.of(LayeredPackets.vp8(7, 90_000, 0x7ABC, 255, 3, false, true, false, true), 0, 40);
        assertEquals(0x7ABC, Vp8Summary.pictureId(s));
        assertEquals(255, Vp8Summary.tl0PicIdx(s));
        assertEquals(3, Vp8Summary.temporalId(s));
        assertTrue(Vp8Summary.startsFrame(s));

        s = Vp8Summary.of(LayeredPackets.vp8(8, 90_000, 0, 0, 0, false, false, false, false), 0, 40);
        assertEquals(0, Vp8Summary.pictureId(s));
        assertEquals(0, Vp8Summary.tl0PicIdx(s));
        assertEquals(0, Vp8Summary.temporalId(s));
        assertFalse(Vp8Summary.startsFrame(s));
    }

    @Test
    void aDescriptorWithoutExtensionsHasNoneOfTheFields() {
        byte[] p = LayeredPackets.vp8(7, 90_000, 5, 6, 1, false, true, false, false);
        p[Rtp.FIXED_HEADER] = 0x10; // X clear: no picture id, TL0PICIDX or TID
        int s = Vp8Summary.of(p, 0, 40);
        assertEquals(-1, Vp8Summary.pictureId(s));
        assertEquals(-1, Vp8Summary.tl0PicIdx(s));
        assertEquals(-1, Vp8Summary.temporalId(s));
        assertTrue(Vp8Summary.startsFrame(s));
    }
}
