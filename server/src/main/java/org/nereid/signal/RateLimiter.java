package org.nereid.signal;

/** A token bucket: {@code burst} messages at once, then {@code perSecond} sustained. Thread-safe. */
final class RateLimiter {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    RateLimiter(int burst, int perSecond, long nowNanos) {
        this.capacity = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.last = nowNanos;
    }

    synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
