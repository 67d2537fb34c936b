package org.nereid.load.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTest {
    @Test
    void aFrameIsCutIntoEvenPayloadsWithStartBitAndMarker() {
        byte[] frame = new byte[2500];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        List<Clip.Packet> out = new ArrayList<>();
        Clip.packetizeVp8(frame, 33_000_000L, 2970, out);
        assertEquals(3, out.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < out.size(); i++) {
            Clip.Packet p = out.get(i);
            assertTrue(p.video());
            assertEquals(2970, p.rtpTicks());
            assertEquals(i == 0 ? 0x10 : 0x00, p.payload()[0], "S bit only on the first packet");
            assertEquals(i == out.size() - 1, p.marker(), "marker only on the last packet");
            assertTrue(p.payload().length - 1 <= Clip.MAX_VIDEO_PAYLOAD);
            joined.write(p.payload(), 1, p.payload().length - 1);
        }
        assertArrayEquals(frame, joined.toByteArray(), "the payloads put together are the frame");
    }

    @Test
    void aSmallFrameIsOnePacket() {
        List<Clip.Packet> out = new ArrayList<>();
        Clip.packetizeVp8(new byte[10], 0, 0, out);
        assertEquals(1, out.size());
        assertEquals(0x10, out.get(0).payload()[0]);
        assertTrue(out.get(0).marker());
    }
}
