package org.nereid.media.nack;

/**
 * A byte budget refilled at a rate, holding at most a quarter of a second of it
 * (but always room for eight full packets: a policer drops packets in bursts, and
 * a receiver asks for a burst within a few round trips; with room for two,
 * RateBrowserIT's policed receiver froze 4.3 s of 20 waiting for the rest). One
 * thread takes from it; any thread may change the rate.
 */
final class TokenBucket {
    static final long MIN_BURST = 8 * 1500;
    private volatile long bytesPerSecond;
    private double tokens;
    private long lastNanos;
    private boolean started;

    TokenBucket(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void setRate(long value) {
        bytesPerSecond = Math.max(0, value);
    }

    long rate() {
        return bytesPerSecond;
    }

    private long capacity(long rate) {
        return Math.max(MIN_BURST, rate / 4);
    }

    /** Takes {@code bytes} if the budget holds them; false (and nothing taken) otherwise. */
    boolean take(int bytes, long nowNanos) {
        long rate = bytesPerSecond;
        long capacity = capacity(rate);
        if (!started) {
            tokens = capacity;
            started = true;
        } else if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + rate * ((nowNanos - lastNanos) / 1e9));
        }
        lastNanos = nowNanos;
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
