package org.nereid.media.rtp;

/**
 * Answers a receive-only endpoint's Receiver Reference Time Reports (RFC 3611 §4.4) with
 * DLRR blocks, so that it learns its round trip to us as a sender learns it from our
 * reports: a receive-only Chromium that knows no round trip re-asks for a lost repair
 * only after its default 100 ms. The latest RRTR is answered with the next RTCP packet
 * the receiver sends that finds the last answer at least {@link #MIN_INTERVAL_NANOS} old
 * (at once, for its regular reports about a second apart), so that a burst of NACKs, each
 * carrying an RRTR, is not answered packet for packet.
 *
 * <p>Used by one thread (the receiver's connection); counters are read by any. Nothing is
 * allocated.
 */
public final class RrtrEcho {
    static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private int ssrc;
    private long ntp;
    private long arrivedNanos;
    private boolean pending;
    private long answeredNanos;
    private boolean answered;
    private volatile long received;
    private volatile long sent;
    private volatile long malformed;

    /**
     * An RTCP XR packet from the receiver (at p, length n): its RRTR, if any, is the one to
     * answer next, addressed to the packet's sender SSRC (the receiver's own).
     */
    public void xr(byte[] b, int p, int n, long nowNanos) {
        int block = Xr.rrtr(b, p, n);
        if (block == Xr.MALFORMED) {
            malformed++;
            return;
        }
        if (block == Xr.NONE) {
            return;
        }
        received++;
        ssrc = Rtcp.senderSsrc(b, p);
        ntp = Xr.rrtrNtp(b, block);
        arrivedNanos = nowNanos;
        pending = true;
    }

    /**
     * Writes the DLRR answering the latest RRTR, from {@code senderSsrc}, when one is waiting
     * and the last answer is old enough; returns its length, or 0 when nothing is due.
     */
    public int answer(byte[] b, int p, int senderSsrc, long nowNanos) {
        if (!pending || answered && nowNanos - answeredNanos < MIN_INTERVAL_NANOS) {
            return 0;
        }
        pending = false;
        answered = true;
        answeredNanos = nowNanos;
        sent++;
        return Xr.writeDlrr(b, p, senderSsrc, ssrc, ntp, nowNanos - arrivedNanos);
    }

    /** RRTR blocks received. */
    public long received() {
        return received;
    }

    /** DLRR blocks sent. */
    public long sent() {
        return sent;
    }

    /** XR packets ignored as broken (a block running past the packet, a short RRTR). */
    public long malformed() {
        return malformed;
    }
}
