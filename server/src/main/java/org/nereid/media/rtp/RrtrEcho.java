package org.nereid.media.rtp;

/**
 * Answers a receive-only endpoint's Receiver Reference Time Reports (RFC 3611 §4.4) with
 * DLRR blocks, so that it learns its round trip to us as a sender learns it from our
 * reports: a receive-only Chromium that knows no round trip re-asks for a lost repair
 * only after its default 100 ms. Chromium keys the round trip by the XR's sender SSRC and
 * reads the one of the media SSRC it receives, so the answer comes from each video track's
 * SSRC, not from the connection's own RTCP SSRC. The latest RRTR is answered with the next RTCP packet
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
     * Whether an RRTR waits and the last answer is old enough: then it is answered now
     * ({@link #write} for each of our SSRCs the receiver measures against) and counted.
     */
    public boolean due(long nowNanos) {
        if (!pending || answered && nowNanos - answeredNanos < MIN_INTERVAL_NANOS) {
            return false;
        }
        pending = false;
        answered = true;
        answeredNanos = nowNanos;
        sent++;
        return true;
    }

    /** Writes an XR from {@code senderSsrc} with the DLRR answering the latest RRTR; returns its length. */
    public int write(byte[] b, int p, int senderSsrc, long nowNanos) {
        return Xr.writeDlrr(b, p, senderSsrc, ssrc, ntp, nowNanos - arrivedNanos);
    }

    /** RRTR blocks received. */
    public long received() {
        return received;
    }

    /** RRTRs answered (a DLRR from each video SSRC of ours). */
    public long sent() {
        return sent;
    }

    /** XR packets ignored as broken (a block running past the packet, a short RRTR). */
    public long malformed() {
        return malformed;
    }
}
