package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private final List<String> out = new ArrayList<>();
    private final JitterBuffer.Sink sink = (p, gap) -> out.add((gap ? "gap " : "") + p.sequence());

    private static JitterBuffer.Packet packet(int seq) {
        return new JitterBuffer.Packet(new byte[] {1}, seq & 0xFFFF, seq, false);
    }

    private void push(JitterBuffer b, int... seqs) {
        for (int s : seqs) {
            b.push(packet(s), sink);
        }
    }

    @Test
    void holdsTheFirstPacketsAndReordersThem() {
        JitterBuffer b = new JitterBuffer(32);
        push(b, 11, 10, 13, 12, 14, 15, 16);
        assertEquals(List.of(), out, "nothing before " + JitterBuffer.START_HOLD + " packets");
        push(b, 17, 19, 18);
        assertEquals(List.of("10", "11", "12", "13", "14", "15", "16", "17", "18", "19"), out);
    }

    @Test
    void dropsLateAndDuplicatePackets() {
        JitterBuffer b = new JitterBuffer(32);
        push(b, 1, 2, 3, 4, 5, 6, 7, 8, 3, 8, 9);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), out);
        assertEquals(2, b.late());
    }

    @Test
    void givesUpALostPacketAWindowLaterAndReportsTheGap() {
        JitterBuffer b = new JitterBuffer(4);
        push(b, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), out);
        push(b, 13);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "gap 10", "11", "12", "13"), out);
        assertEquals(1, b.lost());
    }

    @Test
    void followsSequenceNumbersAcrossTheWrap() {
        JitterBuffer b = new JitterBuffer(32);
        push(b, 65530, 65531, 65532, 65533, 65534, 65535, 65536, 65538, 65537);
        assertEquals(List.of("65530", "65531", "65532", "65533", "65534", "65535", "0", "1", "2"), out);
    }

    @Test
    void flushDeliversWhatIsHeldInOrder() {
        JitterBuffer b = new JitterBuffer(32);
        push(b, 5, 3, 4, 7);
        b.flush(sink);
        assertEquals(List.of("3", "4", "5", "gap 7"), out);
    }
}
