package org.nereid.connectivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProbeLimitsTest {
    private static final InetAddress A = InetAddress.getLoopbackAddress();

    @Test
    void aSlotIsFreeOnceItsProbeClosesOrItIsReleased() throws Exception {
        ProbeLimits limits = new ProbeLimits(2, 10);
        AtomicBoolean closed = new AtomicBoolean();
        limits.admit(A).watch(closed::get);
        ProbeLimits.Slot second = limits.admit(A);
        assertEquals(ProbeLimits.Refusal.ADDRESS, assertThrows(ProbeLimits.Refused.class, () -> limits.admit(A)).refusal);
        closed.set(true);
        limits.admit(A);
        second.release();
        limits.admit(A);
        assertEquals(2, limits.running());
    }

    @Test
    void theServerWideLimitCountsEveryAddress() throws Exception {
        ProbeLimits limits = new ProbeLimits(5, 2);
        limits.admit(A);
        limits.admit(InetAddress.getByName("127.0.0.2"));
        assertEquals(ProbeLimits.Refusal.SERVER, assertThrows(ProbeLimits.Refused.class,
                () -> limits.admit(InetAddress.getByName("127.0.0.3"))).refusal);
    }
}
