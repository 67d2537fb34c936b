package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketCacheTest {
    private static byte[] packet(int seq, int len) {
        byte[] p = new byte[len];
        Arrays.fill(p, (byte) seq);
        return p;
    }

    @Test
    void returnsWhatWasStoredBySequenceNumber() {
        PacketCache cache = new PacketCache(100);
        assertEquals(128, cache.capacity());
        cache.store(7, packet(7, 300), 0, 300, false);
        byte[] out = new byte[PacketCache.SLOT_SIZE];
        assertEquals(300, cache.get(7, out, 0));
        assertArrayEquals(packet(7, 300), Arrays.copyOf(out, 300));
        assertEquals(-1, cache.get(8, out, 0), "never stored");
        assertEquals(7, cache.newest());
    }

    @Test
    void forgetsPacketsOnceTheRingWrapsPastThem() {
        PacketCache cache = new PacketCache(4);
        byte[] out = new byte[PacketCache.SLOT_SIZE];
        for (int seq = 65530; seq < 65540; seq++) {
            cache.store(seq & 0xFFFF, packet(seq, 10), 0, 10, false);
        }
        assertEquals(-1, cache.get(65535, out, 0), "four slots keep only the last four");
        assertEquals(10, cache.get(0, out, 0), "after the 16-bit wrap");
        assertEquals(10, cache.get(3, out, 0));
        assertEquals(3, out[0]);
    }

    @Test
    void remembersTheLastKeyframeAndSkipsOversizedPackets() {
        PacketCache cache = new PacketCache(16);
        assertEquals(-1, cache.lastKeyframe());
        cache.store(10, packet(10, 20), 0, 20, true);
        cache.store(11, packet(11, 20), 0, 20, false);
        assertEquals(10, cache.lastKeyframe());
        cache.store(12, new byte[2000], 0, 2000, true);
        assertEquals(10, cache.lastKeyframe());
        assertEquals(-1, cache.get(12, new byte[PacketCache.SLOT_SIZE], 0));
    }
}
