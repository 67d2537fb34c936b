package org.nereid.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds what a flood of refusals (password guessing, forged tokens) can write to the
 * audit trail: a token bucket per remote address and one for the whole server. What it
 * leaves out is counted and told with the next refusal it lets through, so the trail
 * still says how big the flood was.
 */
final class RefusalThrottle {
    private static final int TRACKED_ADDRESSES = 4096;

    private final Bucket everyone = new Bucket(200, 10);
    private final Map<String, Bucket> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > TRACKED_ADDRESSES;
        }
    };
    private int suppressed;

    /**
     * @return -1 to leave this refusal out, else how many were left out before it
     */
    synchronized int admit(String address, long nowNanos) {
        Bucket mine = byAddress.computeIfAbsent(address == null ? "" : address, a -> new Bucket(20, 1.0 / 3));
        if (!mine.take(nowNanos) || !everyone.take(nowNanos)) {
            suppressed++;
            return -1;
        }
        int before = suppressed;
        suppressed = 0;
        return before;
    }

    private static final class Bucket {
        private final double capacity;
        private final double perSecond;
        private double tokens;
        private long last = Long.MIN_VALUE;

        Bucket(double capacity, double perSecond) {
            this.capacity = capacity;
            this.perSecond = perSecond;
            this.tokens = capacity;
        }

        boolean take(long now) {
            if (last != Long.MIN_VALUE) {
                tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
            }
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
