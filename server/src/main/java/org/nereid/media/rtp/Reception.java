package org.nereid.media.rtp;

/**
 * What a receiver counts about one RTP source (RFC 3550 appendix A.1, A.3,
 * A.8): the extended highest sequence number, packets received, loss and
 * interarrival jitter. One thread calls {@link #received} (the track's
 * worker, on the packet path: no allocation, no lock); one other thread
 * closes reporting intervals ({@link #report}); any thread reads the
 * published figures.
 */
public final class Reception {
    private static final int SEQ_MOD = 1 << 16;
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private final double unitsPerNano;
    // the receiving thread's state
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int badSeq = -1;
    private long lastTimestamp;
    private double lastArrival;
    private boolean haveTransit;
    // published by the receiving thread
    private volatile long baseSeq;
    private volatile long extendedMax;
    private volatile long received;
    private volatile double jitter;
    private volatile int restarts;
    // the reporting thread's state
    private int restartsSeen;
    private long expectedPrior;
    private long receivedPrior;
    private volatile int fractionLost;

    /** @param clockRate the RTP clock rate of the codec, in Hz */
    public Reception(int clockRate) {
        this.unitsPerNano = Math.max(1, clockRate) / 1e9;
    }

    /** A packet arrived (receiving thread). */
    public void received(int seq, long rtpTimestamp, long arrivalNanos) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            restart(seq);
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += SEQ_MOD;
                }
                maxSeq = seq;
            } else if (delta <= SEQ_MOD - MAX_MISORDER) {
                // a jump: believe it only when the next packet follows it (the sender restarted)
                if (seq != badSeq) {
                    badSeq = (seq + 1) & 0xFFFF;
                    return;
                }
                restart(seq);
            }
            // else a duplicate or a late packet: counted as received, as RFC 3550 does
            if (delta == 0 || delta >= MAX_DROPOUT) {
                received++;
                return;
            }
        }
        received++;
        extendedMax = cycles + maxSeq;
        jitter(rtpTimestamp & 0xFFFFFFFFL, arrivalNanos);
    }

    private void restart(int seq) {
        maxSeq = seq;
        cycles = 0;
        badSeq = -1;
        haveTransit = false;
        baseSeq = seq;
        extendedMax = seq;
        received = 0;
        restarts++;
    }

    /**
     * RFC 3550 A.8, over in-order packets that start a new timestamp (as libwebrtc does): the
     * packets of one video frame share a timestamp but leave the sender in a burst, which is
     * pacing, not network jitter.
     */
    private void jitter(long timestamp, long arrivalNanos) {
        double arrival = arrivalNanos * unitsPerNano;
        if (haveTransit && timestamp == lastTimestamp) {
            return;
        }
        if (haveTransit) {
            double d = (arrival - lastArrival) - (int) (timestamp - lastTimestamp);
            jitter += (Math.abs(d) - jitter) / 16;
        }
        haveTransit = true;
        lastTimestamp = timestamp;
        lastArrival = arrival;
    }

    public long received() {
        return received;
    }

    public long extendedHighest() {
        return extendedMax;
    }

    /** Packets expected but not received since the start; negative when duplicates outnumber losses. */
    public long cumulativeLost() {
        return received == 0 ? 0 : extendedMax - baseSeq + 1 - received;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public double jitter() {
        return jitter;
    }

    /** Fraction lost over the last reporting interval, in 256ths. */
    public int fractionLost() {
        return fractionLost;
    }

    /**
     * Closes a reporting interval (reporting thread) and returns the report block about
     * {@code ssrc}, or null before the first packet.
     *
     * @param lsr  middle 32 bits of the NTP time of the source's last sender report, 0 if none
     * @param dlsr the delay since that report arrived, in 1/65536 s
     */
    public ReportBlock report(int ssrc, long lsr, long dlsr) {
        long got = received;
        if (got == 0) {
            return null;
        }
        if (restartsSeen != restarts) {
            restartsSeen = restarts;
            expectedPrior = 0;
            receivedPrior = 0;
        }
        long expected = extendedMax - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (got - receivedPrior);
        expectedPrior = expected;
        receivedPrior = got;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        fractionLost = Math.min(255, fraction);
        long lost = expected - got;
        return new ReportBlock(ssrc, fractionLost, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, lost)),
                extendedMax, (long) jitter, lsr, dlsr);
    }
}
