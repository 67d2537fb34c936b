package org.nereid.turn;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * An allocation's permissions (RFC 8656 §9): the peer IP addresses it may exchange
 * data with, each for five minutes after it was last installed. Used on the TURN
 * event loop only.
 */
final class PermissionSet {
    static final long LIFETIME_NANOS = 300_000_000_000L;

    private final Map<InetAddress, Long> expiries = new HashMap<>();

    void install(InetAddress peer, long now) {
        expiries.put(peer, now + LIFETIME_NANOS);
    }

    boolean allows(InetAddress peer, long now) {
        Long expiry = expiries.get(peer);
        return expiry != null && expiry - now > 0;
    }

    /** Forgets the permissions that have run out. */
    void expire(long now) {
        expiries.values().removeIf(expiry -> expiry - now <= 0);
    }

    int size() {
        return expiries.size();
    }
}
