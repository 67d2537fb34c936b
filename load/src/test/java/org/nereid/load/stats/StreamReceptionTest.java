package org.nereid.load.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamReceptionTest {
    private final SendLog log = new SendLog();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final StreamReception reception = new StreamReception(log, latency);

    /** The publisher sends extended sequence numbers [from, to] at 1 ms steps from t = from ms. */
    private void send(long from, long to) {
        for (long s = from; s <= to; s++) {
            log.sent(s, s * 1_000_000L);
        }
    }

    /** Receives extended number {@code ext} {@code delayMicros} after it was sent. */
    private int receive(long ext, long delayMicros) {
        return reception.received((int) (ext & 0xFFFF), 100, ext * 1_000_000L + delayMicros * 1000);
    }

    @Test
    void countsNoLossWhenEverythingArrives() {
        send(100, 199);
        for (long s = 100; s <= 199; s++) {
            assertEquals(0, receive(s, 500));
        }
        assertEquals(100, reception.unique());
        assertEquals(0, reception.lost());
        assertEquals(100, reception.expected());
        assertEquals(10_000, reception.bytes());
    }

    @Test
    void aGapIsLossAndIsReportedForNacks() {
        send(1, 20);
        for (long s = 1; s <= 20; s++) {
            if (s == 5 || s == 6 || s == 7) {
                continue;
            }
            int gap = receive(s, 200);
            assertEquals(s == 8 ? 3 : 0, gap, "gap at " + s);
        }
        assertEquals(3, reception.lost());
        assertEquals(20, reception.expected());
    }

    @Test
    void packetsTheSubscriberNeverGotAtTheEndAreLost() {
        send(1, 50);
        for (long s = 1; s <= 40; s++) {
            receive(s, 200);
        }
        assertEquals(10, reception.lost(), "the tail the server never forwarded counts");
    }

    @Test
    void sequenceNumbersWrapWithoutLossOrJump() {
        long start = 65_530;
        send(start, start + 20);        // crosses 65535 → 0
        for (long s = start; s <= start + 20; s++) {
            assertEquals(0, receive(s, 300));
        }
        assertEquals(21, reception.unique());
        assertEquals(0, reception.lost());
        assertEquals(21, reception.expected());
        assertEquals(20, latency.count(), "every packet after the wrap but the first received still matches its send time");
    }

    @Test
    void lossAcrossTheWrapIsCountedOnce() {
        long start = 65_534;
        send(start, start + 6);         // 65534, 65535, 0, 1, 2, 3, 4
        receive(start, 100);
        receive(start + 1, 100);
        int gap = receive(start + 4, 100);      // 0 and 1 (start + 2, start + 3) never came
        receive(start + 5, 100);
        receive(start + 6, 100);
        assertEquals(2, gap);
        assertEquals(2, reception.lost());
    }

    @Test
    void reorderedPacketsAreNotLossNorDuplicates() {
        send(10, 15);
        receive(10, 100);
        receive(12, 100);
        receive(11, 900);               // late, but not lost
        receive(14, 100);
        receive(13, 100);
        receive(15, 100);
        assertEquals(2, reception.reordered());
        assertEquals(0, reception.duplicates());
        assertEquals(0, reception.lost());
        assertEquals(6, reception.unique());
    }

    @Test
    void aPacketOlderThanTheFirstReceivedStillCounts() {
        send(10, 13);
        receive(11, 100);
        receive(10, 900);
        receive(12, 100);
        receive(13, 100);
        assertEquals(4, reception.expected());
        assertEquals(0, reception.lost());
    }

    @Test
    void duplicatesAreCountedApartAndNotTwice() {
        send(1, 5);
        for (long s = 1; s <= 5; s++) {
            receive(s, 100);
        }
        receive(3, 5000);
        assertEquals(1, reception.duplicates());
        assertEquals(5, reception.unique());
        assertEquals(4, latency.count(), "a duplicate is not a latency sample (nor the first packet, sent before it arrived)");
    }

    @Test
    void latencyIsReceiveTimeMinusTheMatchingSendTime() {
        send(0, 100);
        for (long s = 0; s <= 100; s++) {
            receive(s, s <= 98 ? 1000 : 7000);       // 1 ms, except two at 7 ms
        }
        assertEquals(100, latency.count(), "all but the first, sent before the first arrived");
        assertEquals(1.0, latency.percentileNanos(0.5) / 1e6, 0.01);
        assertEquals(7.0, latency.percentileNanos(0.99) / 1e6, 0.01);
        assertEquals(7_000_000, latency.maxNanos());
    }

    @Test
    void aSequenceNumberNeverSentIsUnmatched() {
        send(1, 3);
        reception.received(40_000, 100, 5_000_000L);        // far from anything sent
        assertEquals(1, reception.unmatched());
        assertEquals(0, latency.count());
    }

    @Test
    void aSendLogSlotReusedOneCycleLaterDoesNotMatchTheOldPacket() {
        log.sent(7, 1_000_000L);
        log.sent(7 + 65_536, 9_000_000L);
        assertEquals(-1, log.sentAt(7));
        assertEquals(9_000_000L, log.sentAt(7 + 65_536));
    }

    @Test
    void aSubscriberThatLeftAnswersOnlyForWhatWasSentBeforeItLeft() {
        send(1, 30);
        for (long s = 1; s <= 30; s++) {
            if (s != 10) {
                receive(s, 200);
            }
        }
        send(31, 40);
        receive(31, 200);
        reception.leave();                  // 32..40 are on their way
        send(41, 100);                      // sent after it left
        receive(33, 200);
        receive(45, 200);                   // a late forward after leaving: not counted
        assertEquals(40, reception.expected(), "first (1) to the last sent before leaving (40)");
        assertEquals(31, reception.unique());
        assertEquals(9, reception.lost(), "10, 32 and 34..40");
    }

    @Test
    void leavingAcrossASequenceWrapCountsTheRightCycle() {
        send(65_530, 65_545);
        for (long s = 65_530; s <= 65_545; s++) {
            receive(s, 100);
        }
        reception.leave();
        send(65_546, 65_600);
        receive(65_546, 100);
        assertEquals(16, reception.expected());
        assertEquals(0, reception.lost());
    }

    @Test
    void aSubscriberThatLeavesBeforeItsFirstPacketExpectsNothing() {
        send(1, 50);
        reception.leave();
        send(51, 60);
        receive(55, 100);
        assertEquals(0, reception.expected());
        assertEquals(0, reception.lost());
        assertEquals(0, reception.unique());
    }

    @Test
    void aReplayOfOldPacketsAtTheStartIsNotLatency() {
        send(1, 40);                        // a keyframe and what followed, cached by the server
        for (long s = 1; s <= 40; s++) {
            reception.received((int) s, 100, 40_500_000L + s * 1000);  // replayed at once, at t = 40.5 ms
        }
        send(41, 60);
        for (long s = 41; s <= 60; s++) {
            receive(s, 2000);
        }
        assertEquals(40, reception.replayed());
        assertEquals(20, latency.count());
        assertEquals(2.0, latency.percentileNanos(0.99) / 1e6, 0.01);
        assertEquals(0, reception.lost());
    }

    @Test
    void theWindowCountsOnlyWhatWasSentAfterItBegan() {
        send(1, 60);
        for (long s = 1; s <= 50; s++) {
            if (s != 20) {
                receive(s, 100);            // 20 lost before the window: not the window's
            }
        }
        reception.startWindow();            // 51..60 still on their way: not the window's either
        send(61, 100);
        for (long s = 51; s <= 100; s++) {
            if (s != 80) {
                receive(s, 100);
            }
        }
        assertEquals(40, reception.windowExpected());
        assertEquals(1, reception.windowLost());
        assertEquals(2, reception.lost(), "the life counts both");
    }

    @Test
    void aSubscriberWhoseFirstPacketCameInTheWindowIsCountedFromIt() {
        send(1, 10);
        reception.startWindow();
        send(11, 30);
        for (long s = 15; s <= 30; s++) {
            receive(s, 100);
        }
        assertEquals(16, reception.windowExpected());
        assertEquals(0, reception.windowLost());
    }
}
