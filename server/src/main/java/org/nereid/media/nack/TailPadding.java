package org.nereid.media.nack;

/**
 * Decides when a receiver that is losing packets gets a tiny padding-only packet right after a
 * video frame's last one. A lost last packet leaves no gap the receiver can see until the next
 * frame's first packet arrives, a frame interval (~50 ms at 20 fps) later, and by then the frame
 * is due: at 5 % loss this was most of the frames Chromium never showed. The padding takes the
 * next sequence number, so the receiver sees the gap, and NACKs the tail, within a round trip.
 *
 * <p>Only while the receiver has NACKed in the last {@link #ACTIVE_NANOS} (a clean link gets
 * nothing), and not within {@link #ACTIVE_NANOS} of the resend budget refusing a NACK: a receiver
 * whose repairs do not fit its link is congested, and more packets would only add to its loss (a
 * policed receiver on {@code l}, about one packet a frame, was sent 1.6× its layer's packets
 * with them). Only after frames of {@link #MIN_FRAME_PACKETS} packets or more, so that padding
 * adds a third to a stream's packets at most: a low layer's frames are one or two packets, and
 * there a lost last packet is most of the frame. At most one per frame and one per
 * {@link #MIN_GAP_NANOS}: 50 packets of
 * {@link #PACKET_BYTES} a second at most: ~5 kbit/s of RTP, ~23 kbit/s on the wire with SRTP, UDP and IP.
 *
 * <p>{@link #nacked} is called by the receiver's connection, {@link #atFrameEnd} by the
 * forwarding thread. Nothing is allocated.
 */
public final class TailPadding {
    static final long ACTIVE_NANOS = 2_000_000_000L;
    static final long MIN_GAP_NANOS = 20_000_000L;
    /** The fewest packets a frame must have to be padded. */
    public static final int MIN_FRAME_PACKETS = 3;
    /** Bytes of padding each packet carries: the least RTP allows (the count byte itself). */
    public static final int PADDING_BYTES = 1;
    static final int PACKET_BYTES = 12 + PADDING_BYTES;

    private volatile long lastNackNanos;
    private volatile boolean nackedOnce;
    private volatile long lastRefusalNanos;
    private volatile boolean refusedOnce;
    // the forwarding thread only
    private long lastProbeNanos;
    private boolean probedOnce;
    // the forwarding thread only
    private long lastPadNanos;
    private boolean padded;
    private volatile long packets;

    /** The receiver asked for lost packets (the receiver's connection). */
    public void nacked(long nowNanos) {
        lastNackNanos = nowNanos;
        nackedOnce = true;
    }

    /** The resend budget refused a NACK of this receiver's (the receiver's connection): its link is full. */
    public void budgetRefused(long nowNanos) {
        lastRefusalNanos = nowNanos;
        refusedOnce = true;
    }

    /**
     * Whether the resend budget refused one of the receiver's NACKs in the last {@link #ACTIVE_NANOS}:
     * then a lost padding packet is not resent either (a probe's padding, lost on a full link,
     * would come back as as many tiny packets, which a byte budget hardly counts).
     */
    public boolean congested(long nowNanos) {
        return refusedOnce && nowNanos - lastRefusalNanos <= ACTIVE_NANOS;
    }

    /**
     * A rate probe padded a frame (the forwarding thread): the receiver's link, not random loss,
     * limits what it gets, so its frames are not padded for {@link #ACTIVE_NANOS} (a policed
     * receiver on a thinned {@code h} was sent 1.23× its layer's packets with 13 padded tails).
     */
    public void probed(long nowNanos) {
        lastProbeNanos = nowNanos;
        probedOnce = true;
    }

    /** Whether the receiver NACKed in the last {@link #ACTIVE_NANOS}: it is losing packets. */
    public boolean losing(long nowNanos) {
        return nackedOnce && nowNanos - lastNackNanos <= ACTIVE_NANOS;
    }

    /** A video frame's last packet was just sent: whether to follow it with one padding packet (counted if so). */
    public boolean atFrameEnd(long nowNanos) {
        if (!losing(nowNanos) || congested(nowNanos)
                || probedOnce && nowNanos - lastProbeNanos <= ACTIVE_NANOS
                || padded && nowNanos - lastPadNanos < MIN_GAP_NANOS) {
            return false;
        }
        padded = true;
        lastPadNanos = nowNanos;
        packets++;
        return true;
    }

    /** Padding packets sent after frames so far. */
    public long packets() {
        return packets;
    }
}
