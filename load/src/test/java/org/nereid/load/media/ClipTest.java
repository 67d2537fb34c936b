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

    @Test
    void aPacedFrameLeavesPacketByPacketAndTheNextFrameWaitsForTheQueue() {
        List<Clip.Packet> out = new ArrayList<>();
        Clip.packetizeVp8(new byte[4 * Clip.MAX_VIDEO_PAYLOAD], 0, 0, out);          // a "keyframe" of 4 packets
        Clip.packetizeVp8(new byte[100], 10_000_000L, 900, out);                      // a small frame 10 ms later
        long perPacket = Math.round((1 + Clip.MAX_VIDEO_PAYLOAD) * 8 / 1_000_000.0 * 1e9); // at 1 Mbit/s: ~8.8 ms
        Clip.pace(out, 1_000_000);
        for (int i = 0; i < 4; i++) {
            assertEquals(i * perPacket, out.get(i).dueNanos(), "packet " + i + " of the keyframe");
        }
        assertEquals(4 * perPacket, out.get(4).dueNanos(), "the next frame waits behind the keyframe's packets");
        assertEquals(900, out.get(4).rtpTicks(), "its timestamp is the frame's, not the send time");
    }
}
