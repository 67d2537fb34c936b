package org.nereid.connectivity;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How many connectivity probes may run at once: so many per client address (one
 * check runs four, one per path) and so many in all. A probe holds its slot until
 * it closes (within seconds: it closes itself). Thread-safe.
 */
final class ProbeLimits {
    /** Why a probe is refused. */
    enum Refusal { ADDRESS, SERVER }

    /** A refused probe. */
    static final class Refused extends Exception {
        final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }
    }

    /** One admitted probe's place; it frees itself when the probe it watches has closed, or on release. */
    final class Slot {
        private final InetAddress address;
        private volatile BooleanSupplier closed = () -> false;
        private volatile boolean released;

        private Slot(InetAddress address) {
            this.address = address;
        }

        /** The probe is running; the slot is free again once {@code isClosed} says so. */
        void watch(BooleanSupplier isClosed) {
            closed = isClosed;
        }

        /** The probe did not start. */
        void release() {
            released = true;
        }

        private boolean done() {
            return released || closed.getAsBoolean();
        }
    }

    private final int perAddress;
    private final int total;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private final List<Slot> slots = new ArrayList<>();

    ProbeLimits(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    static ProbeLimits defaults() {
        return new ProbeLimits(6, 32);
    }

    /** A slot for one more probe from {@code address}, or why not. */
    synchronized Slot admit(InetAddress address) throws Refused {
        forgetDone();
        if (slots.size() >= total) {
            throw new Refused(Refusal.SERVER);
        }
        if (byAddress.getOrDefault(address, 0) >= perAddress) {
            throw new Refused(Refusal.ADDRESS);
        }
        byAddress.merge(address, 1, Integer::sum);
        Slot s = new Slot(address);
        slots.add(s);
        return s;
    }

    /** Probes running now. */
    synchronized int running() {
        forgetDone();
        return slots.size();
    }

    private void forgetDone() {
        slots.removeIf(s -> {
            if (s.done()) {
                byAddress.computeIfPresent(s.address, (k, n) -> n > 1 ? n - 1 : null);
                return true;
            }
            return false;
        });
    }
}
