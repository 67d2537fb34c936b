package org.nereid.media.nack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The upstream NACK generator on packet traces: sequence numbers with arrival times in ms. */
class NackGeneratorTest {
    private static final long MS = 1_000_000L;
    private final NackGenerator g = new NackGenerator();
    private final int[] out = new int[64];

    /** Feeds {seq, arrival ms} pairs and returns every NACK's sequence numbers, in order. */
    private int[][] play(int[][] trace) {
        int[][] nacks = new int[trace.length][];
        int count = 0;
        for (int[] packet : trace) {
            long now = packet[1] * MS;
            g.received(packet[0], true, now);
            int n = g.due(now, out);
            if (n > 0) {
                nacks[count++] = Arrays.copyOf(out, n);
            }
        }
        return Arrays.copyOf(nacks, count);
    }

    @Test
    void reorderingIsNotLoss() {
        // 4 and 5 arrive swapped, 8 three packets late but within the wait; packets every 5 ms
        int[][] nacks = play(new int[][] {{1, 0}, {2, 5}, {3, 10}, {5, 15}, {4, 16}, {6, 20}, {7, 25}, {9, 30},
                {10, 33}, {8, 35}, {11, 40}, {12, 45}, {13, 50}, {14, 55}, {15, 60}});
        assertEquals(0, nacks.length, "no NACK: " + Arrays.deepToString(nacks));
        assertEquals(2, g.reordered());
        assertEquals(0, g.asked());
        assertEquals(0, g.unrecovered());
    }

    @Test
    void aGapIsAskedForAfterTheReorderWaitAndCountedRecoveredWhenItComes() {
        int[][] nacks = play(new int[][] {{100, 0}, {103, 5}, {104, 10}, {105, 20}, {106, 30}, {107, 40}});
        assertEquals(1, nacks.length);
        assertArrayEquals(new int[] {101, 102}, nacks[0], "both missing, one NACK");
        g.received(101, true, 45 * MS);
        g.received(102, true, 46 * MS);
        assertEquals(2, g.recovered());
        assertEquals(2, g.asked());
        assertEquals(15_125_000, g.rttNanos(), "from the ask (30 ms) to each retransmission: 15 then 16 ms, smoothed");
    }

    @Test
    void wrapsAroundTheSequenceSpace() {
        int[][] nacks = play(new int[][] {{65533, 0}, {65534, 5}, {1, 10}, {2, 40}});
        assertEquals(1, nacks.length);
        assertArrayEquals(new int[] {65535, 0}, nacks[0]);
        g.received(0, true, 50 * MS);
        g.received(65535, true, 51 * MS);
        assertEquals(2, g.recovered());
    }

    @Test
    void eachMissingPacketIsAskedForAFewTimesOnlyOncePerTimeoutThenGivenUp() {
        g.received(1, true, 0);
        g.received(3, true, 0);
        int asks = 0;
        int sameMoment = 0;
        // a packet every 5 ms: the window holds the gap for 2.5 s, longer than all the asks take
        for (long ms = 5; ms < 2000; ms += 5) {
            g.received((int) (3 + ms / 5) & 0xFFFF, true, ms * MS);
            int n = g.due(ms * MS, out);
            for (int i = 0; i < n; i++) {
                if (out[i] == 2) {
                    asks++;
                }
            }
            // ask again at once: nothing more is due (dedup)
            sameMoment += g.due(ms * MS, out);
        }
        assertEquals(NackGenerator.MAX_ASKS, asks);
        assertEquals(0, sameMoment);
        assertEquals(1, g.unrecovered(), "given up after the last ask");
        assertEquals(NackGenerator.MAX_ASKS, g.asked());
    }

    @Test
    void nackPacketsAreBoundedPerSecondWhateverTheLoss() {
        // every other packet lost, one packet a millisecond, for a second
        int nackPackets = 0;
        for (int i = 0; i < 1000; i++) {
            long now = i * MS;
            g.received(2 * i, true, now);
            if (g.due(now, out) > 0) {
                nackPackets++;
            }
        }
        assertTrue(nackPackets <= 1_000_000_000L / NackGenerator.MIN_INTERVAL_NANOS + 1, nackPackets + " NACK packets");
        assertTrue(nackPackets >= 40, "but it does ask: " + nackPackets);
    }

    @Test
    void retriesFollowTheMeasuredRoundTrip() {
        g.received(1, true, 0);
        g.received(3, true, 0);
        g.received(4, true, 30 * MS);
        assertEquals(1, g.due(30 * MS, out));
        g.received(2, true, 230 * MS);    // recovered after 200 ms: the round trip is long
        assertEquals(200 * MS, g.rttNanos());
        long rto = g.rto();
        assertTrue(rto >= 200 * MS, "the next timeout waits at least a round trip: " + rto);
    }

    /** A video packet: {seq, arrival ms, marker}; due() is also run at each of {@code checks} (other packets). */
    private int[][] playFrames(int[][] trace, int... checks) {
        int[][] nacks = new int[trace.length + checks.length][];
        int count = 0;
        int c = 0;
        for (int p = 0; p <= trace.length; p++) {
            for (; c < checks.length && (p == trace.length || checks[c] < trace[p][1]); c++) {
                int n = g.due(checks[c] * MS, out);
                if (n > 0) {
                    nacks[count++] = Arrays.copyOf(out, n);
                }
            }
            if (p < trace.length) {
                g.received(trace[p][0], trace[p][2] == 1, trace[p][1] * MS);
                int n = g.due(trace[p][1] * MS, out);
                if (n > 0) {
                    nacks[count++] = Arrays.copyOf(out, n);
                }
            }
        }
        return Arrays.copyOf(nacks, count);
    }

    @Test
    void aFramesLostLastPacketIsAskedForBeforeTheNextFrame() {
        // 20 fps, three packets a frame 5 ms apart; the second frame's last packet (6) is lost; the
        // connection's other packets (audio) come every 10 ms between
        int[][] nacks = playFrames(new int[][] {{1, 0, 0}, {2, 5, 0}, {3, 10, 1}, {4, 50, 0}, {5, 55, 0}},
                60, 70, 80, 90);
        assertEquals(1, nacks.length, "asked for once: " + Arrays.deepToString(nacks));
        assertArrayEquals(new int[] {6}, nacks[0]);
        assertEquals(1, g.tailsGuessed());
        assertTrue(g.tailWait() <= NackGenerator.MAX_TAIL_WAIT_NANOS);
        g.received(6, true, 93 * MS);
        g.received(7, false, 100 * MS);
        assertEquals(0, g.due(100 * MS, out), "the next frame is not asked for");
        assertEquals(1, g.recovered());
        assertEquals(0, g.rttNanos(), "a guessed tail gives no round-trip sample: it may only have been late");
    }

    @Test
    void aClosedFrameOrAudioIsNeverTakenToHaveLostItsTail() {
        int[][] nacks = playFrames(new int[][] {{1, 0, 0}, {2, 5, 0}, {3, 10, 1}, {4, 60, 1}, {5, 110, 1}},
                20, 40, 70, 90, 100, 150, 200);
        assertEquals(0, nacks.length, Arrays.deepToString(nacks));
        assertEquals(0, g.tailsGuessed());
    }

    @Test
    void aSlowTailIsAskedForOnceAndItsArrivalIsNeitherLossNorReordering() {
        // the pacer spaced this frame's packets 8 ms apart; the last came 40 ms after the one before
        int[][] nacks = playFrames(new int[][] {{1, 0, 0}, {2, 8, 0}, {3, 16, 0}, {4, 56, 1}, {5, 100, 0}},
                20, 30, 40, 45, 50);
        assertEquals(1, nacks.length, Arrays.deepToString(nacks));
        assertEquals(0, g.reordered());
        assertEquals(0, g.unrecovered());
        assertEquals(0, g.due(101 * MS, out));
    }

    @Test
    void aHugeJumpIsFollowedOnceTwoPacketsAgreeWithoutAskingForTheGap() {
        play(new int[][] {{10, 0}, {11, 5}, {30_000, 10}, {30_001, 15}, {30_002, 40}, {30_004, 45}, {30_005, 80}});
        assertEquals(1, g.asked(), "only 30003, not the 30 000 between");
        assertEquals(0, g.unrecovered());
    }
}
