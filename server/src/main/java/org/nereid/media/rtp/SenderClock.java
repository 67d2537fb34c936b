package org.nereid.media.rtp;

import java.time.Instant;

/**
 * A publisher's clock as its last sender report states it: NTP time and RTP
 * time of one instant, and when the report arrived (our monotonic clock).
 * From it, the RTP time that corresponds to any later NTP time, so that the
 * sender reports we regenerate for receivers keep audio and video in sync.
 *
 * @param ntp          the report's 64-bit NTP time (the publisher's wall clock)
 * @param rtpTime      the report's RTP time (32 bits)
 * @param arrivalNanos {@link System#nanoTime()} when it arrived
 */
public record SenderClock(long ntp, long rtpTime, long arrivalNanos) {
    /** Seconds from 1900 (NTP's era) to 1970 (the Unix epoch). */
    private static final long EPOCH_OFFSET = 2_208_988_800L;
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    /** The NTP time now, from the wall clock. */
    public static long ntpNow() {
        Instant now = Instant.now();
        return ntp(now.getEpochSecond(), now.getNano());
    }

    /** The 64-bit NTP time of a Unix time given as seconds and nanoseconds. */
    public static long ntp(long epochSeconds, int nanos) {
        return ((epochSeconds + EPOCH_OFFSET) << 32) + ((long) nanos << 32) / 1_000_000_000L;
    }

    /** Nanoseconds from NTP time {@code from} to {@code to} (negative when {@code to} is earlier). */
    public static long nanosBetween(long from, long to) {
        long delta = to - from;
        long seconds = delta >> 32;
        long fraction = delta & 0xFFFFFFFFL;
        return seconds * 1_000_000_000L + (fraction * 1_000_000_000L >>> 32);
    }

    /**
     * The RTP time (32 bits) at NTP time {@code nowNtp}: the report's RTP time plus the time
     * since the report in clock ticks, as Galène does. When the two wall clocks disagree so
     * much that this is meaningless (the report seems to come from the future, or from over an
     * hour ago), the time since the report arrived stands in for it.
     */
    public long rtpTimeAt(long nowNtp, long nowNanos, int clockRate) {
        long elapsed = nanosBetween(ntp, nowNtp);
        if (elapsed < 0 || elapsed > HOUR_NANOS) {
            elapsed = Math.max(0, nowNanos - arrivalNanos);
        }
        // at most an hour of nanoseconds times a clock rate fits in a long
        return (rtpTime + elapsed * clockRate / 1_000_000_000L) & 0xFFFFFFFFL;
    }
}
