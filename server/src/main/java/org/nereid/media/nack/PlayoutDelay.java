package org.nereid.media.nack;

/**
 * Asks a receiver that is losing packets to hold each video frame a little longer in its jitter
 * buffer, with the playout-delay header extension (min and max delay, 12 bits each in 10 ms,
 * on a frame's first packet). On loopback Chromium's jitter buffer holds a frame ~10 ms, so a
 * frame repaired after its successor has been decoded is dropped: an upstream repair
 * that was itself lost, or a receiver's second ask (a receive-only Chromium knows no round trip
 * and re-asks after its default 100 ms). With a minimum delay the successor waits, and the
 * repaired frame is shown in time.
 *
 * <p>Latency is the price, so only while the receiver has NACKed lately ({@link
 * TailPadding#losing}): every frame then carries {@link #LOSSY_MIN_MS} (the receiver keeps the
 * last value it got, so one lost carrier costs nothing), and once it stops losing, the next
 * {@link #RESET_FRAMES} frames carry the default (no minimum) back.
 *
 * <p>The forwarding thread only, but for the counter. Nothing is allocated.
 */
public final class PlayoutDelay {
    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
    /** The minimum delay asked of a losing receiver, in ms. */
    public static final int LOSSY_MIN_MS = 80;
    /** The largest maximum the extension can say (0xFFF × 10 ms): Chromium's default. */
    static final int MAX_UNITS = 0xFFF;
    /** Frames that carry the default back after a loss (several, since any of them may be lost). */
    static final int RESET_FRAMES = 10;
    /** What {@link #atFrameStart} returns when the frame carries nothing. */
    public static final int NONE = -1;

    private int resetsLeft;
    private volatile long delayedFrames;

    /**
     * A video frame's first packet is about to go to the receiver: the extension's 24-bit value
     * (min and max delay) to add to it, or {@link #NONE}.
     */
    public int atFrameStart(boolean losing) {
        if (losing) {
            resetsLeft = RESET_FRAMES;
            delayedFrames++;
            return value(LOSSY_MIN_MS / 10);
        }
        if (resetsLeft > 0) {
            resetsLeft--;
            return value(0);
        }
        return NONE;
    }

    private static int value(int minUnits) {
        return minUnits << 12 | MAX_UNITS;
    }

    /** Frames sent with the raised minimum delay so far. */
    public long delayedFrames() {
        return delayedFrames;
    }
}
