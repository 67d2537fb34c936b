package org.nereid.record;

/**
 * Maps one track's RTP timestamps to wall-clock milliseconds: through the
 * publisher's last sender report (NTP time, RTP time) when there is one, else
 * through the arrival time of the track's first packet.
 */
final class TrackClock {
    private final int clockRate;
    private long last = -1;            // last extended timestamp
    private long arrivalTs;
    private long arrivalMs;
    private boolean hasArrival;
    private long srTs;
    private double srMs;
    private boolean hasSr;

    TrackClock(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Unwraps a 32-bit RTP timestamp to the value nearest the last one. */
    long extend(long timestamp32) {
        long ts = timestamp32 & 0xFFFFFFFFL;
        if (last < 0) {
            last = ts;
            return ts;
        }
        long ext = last + (int) (ts - last);
        last = Math.max(last, ext);
        return ext;
    }

    void arrival(long extendedTimestamp, long arrivalMillis) {
        if (!hasArrival) {
            arrivalTs = extendedTimestamp;
            arrivalMs = arrivalMillis;
            hasArrival = true;
        }
    }

    /** @param ntpTime the 64-bit NTP timestamp of the sender report */
    void senderReport(long ntpTime, long rtpTimestamp32) {
        long seconds = ntpTime >>> 32;
        long fraction = ntpTime & 0xFFFFFFFFL;
        srMs = seconds * 1000.0 + fraction * 1000.0 / 4294967296.0;
        srTs = last < 0 ? (rtpTimestamp32 & 0xFFFFFFFFL) : last + (int) ((rtpTimestamp32 & 0xFFFFFFFFL) - last);
        hasSr = true;
    }

    boolean hasSenderReport() {
        return hasSr;
    }

    boolean hasArrival() {
        return hasArrival;
    }

    /** The wall-clock time of a timestamp, through the sender report if {@code useSr}, else the arrival time. */
    double wallMs(long extendedTimestamp, boolean useSr) {
        if (useSr && hasSr) {
            return srMs + (extendedTimestamp - srTs) * 1000.0 / clockRate;
        }
        return arrivalMs + (extendedTimestamp - arrivalTs) * 1000.0 / clockRate;
    }
}
