package org.nereid.load.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ToolStallsTest {
    @Test
    void onlyWakeUpsLateByTheThresholdOrMoreAreStalls() {
        ToolStalls stalls = new ToolStalls();
        stalls.woke(0);
        stalls.woke(ToolStalls.STALL_NANOS - 1);
        assertEquals(new ToolStalls.Sample(0, 0, 0), stalls.sample());
        stalls.woke(ToolStalls.STALL_NANOS);
        stalls.woke(80_000_000);
        stalls.woke(7_000_000);
        assertEquals(new ToolStalls.Sample(3, ToolStalls.STALL_NANOS + 87_000_000, 80_000_000), stalls.sample());
    }
}
