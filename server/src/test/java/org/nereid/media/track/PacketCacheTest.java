package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void wantsRateTimesFourRetransmissionTimeoutsWithinItsBounds() {
        assertEquals(800, PacketCache.wantedCapacity(500, 400_000_000L, 256, 1024), "500 pkt/s x 0.4 s x 4");
        assertEquals(256, PacketCache.wantedCapacity(200, 50_000_000L, 256, 1024), "40 is under the floor");
        assertEquals(256, PacketCache.wantedCapacity(200, 0, 256, 1024), "no receiver report yet");
        assertEquals(1024, PacketCache.wantedCapacity(3000, 1_000_000_000L, 256, 1024), "capped");
    }

    @Test
    void resizesOnlyWhenTheWantedSizeLeavesThreeQuartersToTwiceTheCapacity() {
        PacketCache cache = new PacketCache(256);
        assertFalse(cache.fit(240), "256 is within [3/4, 2) of 240");
        assertFalse(cache.fit(300));
        assertTrue(cache.fit(800));
        assertEquals(1024, cache.capacity(), "rounded up to a power of two");
        assertFalse(cache.fit(700), "a rate that wobbles does not reallocate");
        assertTrue(cache.fit(256));
        assertEquals(256, cache.capacity());
    }

    @Test
    void aResizeLosesNoPacketTheOldRingStillHeld() {
        PacketCache cache = new PacketCache(256);
        byte[] out = new byte[PacketCache.SLOT_SIZE];
        for (int seq = 65400; seq < 65400 + 300; seq++) {
            cache.store(seq & 0xFFFF, packet(seq, 40), 0, 40, false);
        }
        assertEquals(-1, cache.get(65400, out, 0), "256 slots: the first 44 are gone");
        assertTrue(cache.fit(1000));
        assertEquals(40, cache.get(65500, out, 0), "still in the ring before the resize");
        assertEquals((byte) 65500, out[0]);
        cache.store(164, packet(164, 40), 0, 40, false); // 65700 after the 16-bit wrap
        assertEquals(40, cache.get(164, out, 0), "new packets go to the new ring");
        assertEquals(40, cache.get(100, out, 0), "the old ring answers for what it held");
        for (int seq = 165; seq < 165 + 255; seq++) {
            cache.store(seq, packet(seq, 40), 0, 40, false);
        }
        assertEquals(-1, cache.get(100, out, 0),
                "the new ring has taken as many packets as the old one held: the old one is no longer read");
        assertEquals(40, cache.get(164, out, 0));
        cache.fit(1000);
        assertEquals(1024, cache.capacity());
    }

    @Test
    void aShrunkCacheKeepsAnsweringFromTheBiggerRingUntilItWouldHaveWrapped() {
        PacketCache cache = new PacketCache(1024);
        byte[] out = new byte[PacketCache.SLOT_SIZE];
        for (int seq = 0; seq < 1000; seq++) {
            cache.store(seq, packet(seq, 30), 0, 30, seq == 990);
        }
        assertTrue(cache.fit(200));
        assertEquals(256, cache.capacity());
        for (int seq = 1000; seq < 1300; seq++) {
            cache.store(seq, packet(seq, 30), 0, 30, false);
        }
        assertEquals(30, cache.get(990, out, 0), "1024 slots would still hold it");
        assertEquals(990, cache.lastKeyframe());
        assertEquals(1299, cache.newest());
        for (int seq = 1300; seq < 2100; seq++) {
            cache.store(seq, packet(seq, 30), 0, 30, false);
        }
        assertEquals(-1, cache.get(990, out, 0));
        assertEquals(-1, cache.get(1800, out, 0), "256 slots now");
        assertEquals(30, cache.get(1900, out, 0));
    }
}
