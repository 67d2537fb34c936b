package org.nereid.media.rtp;

/**
 * Answers a receive-only endpoint's Receiver Reference Time Reports (RFC 3611 §4.4) with
 * DLRR blocks, so that it learns its round trip to us as a sender learns it from our
 * reports: a receive-only Chromium that knows no round trip re-asks for a lost repair
 * only after its default 100 ms. The latest RRTR is answered in each sender report of a
 * video track (every 500 ms), in the same compound packet: no packet is added to the
 * receiver's link (a policed receiver NACKs many times a second, each NACK carrying an
 * RRTR). Chromium keys the round trip by the XR's sender SSRC and reads the one of the
 * media SSRC it receives, so the answer comes from the track's SSRC.
 *
 * <p>{@link #xr} is called by the receiver's connection thread, {@link #write} by the
 * media timer: the RRTR is kept in one volatile long, so a report never pairs one RRTR's
 * time with another's arrival. Nothing is allocated.
 */
public final class RrtrEcho {
    /** An RRTR older than this is not answered any more: the receiver stopped asking. */
    static final long MAX_AGE_UNITS = 5 * 65536;

    /** The latest RRTR: the middle 32 bits of its NTP time, then our clock when it came (1/65536 s); 0: none. */
    private volatile long latest;
    /** Its sender, the receiver's own SSRC. */
    private volatile int ssrc;
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
        latest = Rtcp.middleNtp(Xr.rrtrNtp(b, block)) << 32 | Xr.units(nowNanos);
    }

    /**
     * Writes an XR from {@code senderSsrc} with the DLRR answering the latest RRTR; returns its
     * length, or 0 when there is none (or none in the last 5 s).
     */
    public int write(byte[] b, int p, int senderSsrc, long nowNanos) {
        long l = latest;
        long delay = (Xr.units(nowNanos) - l) & 0xFFFFFFFFL;
        if (l == 0 || delay > MAX_AGE_UNITS) {
            return 0;
        }
        sent++;
        return Xr.writeDlrr(b, p, senderSsrc, ssrc, l >>> 32, delay);
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
