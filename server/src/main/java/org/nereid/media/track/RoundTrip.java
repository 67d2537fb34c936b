package org.nereid.media.track;

import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;

/**
 * The round trip to one receiver, from its reports' echo of our sender reports (LSR and
 * DLSR, RFC 3550 §6.4.1). The last two reports sent are kept, since a receiver report may
 * cross the next sender report. Reports are sent by the media timer and echoed on the
 * receiver's connection.
 */
final class RoundTrip {
    /** A sender report we sent: the middle bits of its NTP time, as the receiver's LSR echoes them. */
    private record Sent(long lsr, long sentNanos) {
    }

    private volatile Sent last;
    private volatile Sent previous;
    private volatile long nanos;

    /** We sent a sender report stamped {@code nowNtp}. */
    void sent(long nowNtp, long nowNanos) {
        previous = last;
        last = new Sent(Rtcp.middleNtp(nowNtp), nowNanos);
    }

    /** A receiver's report block: when it echoes one of our last two reports, the round trip is measured. */
    void echoed(ReportBlock block, long nowNanos) {
        if (block.lsr() == 0) {
            return;
        }
        Sent sent = find(block.lsr());
        if (sent != null) {
            long rtt = nowNanos - sent.sentNanos() - block.dlsr() * 1_000_000_000L / 65536;
            if (rtt >= 0) {
                nanos = rtt;
            }
        }
    }

    /** The last round trip measured, 0 if none yet. */
    long nanos() {
        return nanos;
    }

    private Sent find(long lsr) {
        Sent l = last;
        if (l != null && l.lsr() == lsr) {
            return l;
        }
        Sent p = previous;
        return p != null && p.lsr() == lsr ? p : null;
    }
}
