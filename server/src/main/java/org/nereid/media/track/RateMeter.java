package org.nereid.media.track;

/**
 * A bitrate from a growing byte count, sampled by one thread (the media
 * timer, about once a second) and read by any.
 */
final class RateMeter {
    private long lastBytes;
    private long lastNanos = System.nanoTime();
    private volatile long bitsPerSecond;

    /** Takes a sample of the running total {@code bytes} at {@code nowNanos} (timer thread). */
    void sample(long bytes, long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) {
            return;
        }
        bitsPerSecond = Math.max(0, (bytes - lastBytes) * 8 * 1_000_000_000L / elapsed);
        lastBytes = bytes;
        lastNanos = nowNanos;
    }

    long bitsPerSecond() {
        return bitsPerSecond;
    }
}
