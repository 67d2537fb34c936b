package org.nereid.turn;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every live allocation, and the limits on making them: so many per client IP
 * address, so many in all, and a token bucket per client IP address against
 * floods of allocate requests. Used on the TURN event loop only, but for
 * {@link #size()}, which any thread may read.
 */
final class AllocationTable {
    /** Why a new allocation is refused, or null. */
    enum Refusal { CLIENT_QUOTA, RATE, CAPACITY }

    private final TurnLimits limits;
    private final Set<Allocation> live = new LinkedHashSet<>();
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private final Map<InetAddress, Bucket> buckets = new HashMap<>();
    private long refused;
    /** live.size(), kept as each allocation comes and goes, for readers off the event loop. */
    private volatile int size;

    private static final class Bucket {
        double tokens;
        long updated;
    }

    AllocationTable(TurnLimits limits) {
        this.limits = limits;
    }

    /** Whether a client at {@code address} may make one more allocation now (takes a token if so). */
    Refusal admit(InetAddress address, long now) {
        Refusal r = check(address, now);
        if (r != null) {
            refused++;
        }
        return r;
    }

    private Refusal check(InetAddress address, long now) {
        if (live.size() >= limits.total()) {
            return Refusal.CAPACITY;
        }
        if (perClient.getOrDefault(address, 0) >= limits.perClientAddress()) {
            return Refusal.CLIENT_QUOTA;
        }
        Bucket b = buckets.computeIfAbsent(address, a -> {
            Bucket fresh = new Bucket();
            fresh.tokens = limits.allocationBurst();
            fresh.updated = now;
            return fresh;
        });
        b.tokens = Math.min(limits.allocationBurst(),
                b.tokens + (now - b.updated) / 1e9 * limits.allocationsPerSecond());
        b.updated = now;
        if (b.tokens < 1) {
            return Refusal.RATE;
        }
        b.tokens -= 1;
        return null;
    }

    void add(Allocation a) {
        if (live.add(a)) {
            size = live.size();
        }
        perClient.merge(a.link.client.getAddress(), 1, Integer::sum);
    }

    void remove(Allocation a) {
        if (live.remove(a)) {
            size = live.size();
            perClient.computeIfPresent(a.link.client.getAddress(), (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** The allocations whose lifetime ran out; prunes their permissions and channels, and full buckets. */
    List<Allocation> expire(long now) {
        List<Allocation> out = new ArrayList<>();
        for (Allocation a : live) {
            if (a.expired(now)) {
                out.add(a);
            } else {
                a.permissions.expire(now);
                a.channels.expire(now);
            }
        }
        double refill = limits.allocationBurst() / (double) limits.allocationsPerSecond();
        buckets.values().removeIf(b -> (now - b.updated) / 1e9 > refill);
        return out;
    }

    List<Allocation> all() {
        return List.copyOf(live);
    }

    /** Live allocations, exact after each allocate and close; from any thread. */
    int size() {
        return size;
    }

    /** Allocations refused by the limits since start. */
    long refused() {
        return refused;
    }
}
