package org.nereid.load.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each packet of one published track left the tool, by sequence number,
 * so a subscriber can match what it receives (the server keeps sequence
 * numbers; it may change the SSRC, which the subscriber maps back through the
 * offer). One slot per 16-bit sequence number: a slot is overwritten only a
 * whole sequence cycle later (minutes at media rates), long after the packet
 * has arrived or been lost.
 */
public final class SendLog {
    private static final int SLOTS = 1 << 16;

    private final AtomicLongArray sentNanos = new AtomicLongArray(SLOTS);
    private final AtomicLongArray extendedAt = new AtomicLongArray(SLOTS);
    private volatile long lastExtended = -1;
    private volatile long sent;

    /**
     * The publisher sent the packet with extended sequence number {@code extendedSeq}
     * (the 16-bit number plus 65536 per wrap) at {@code nanos} (System.nanoTime). One
     * thread calls this.
     */
    public void sent(long extendedSeq, long nanos) {
        int slot = (int) (extendedSeq & 0xFFFF);
        sentNanos.setRelease(slot, nanos);
        extendedAt.setRelease(slot, extendedSeq);
        lastExtended = extendedSeq;
        sent++;
    }

    /** The extended sequence number last sent, or -1 before the first packet. */
    public long lastExtended() {
        return lastExtended;
    }

    /** Packets sent so far. */
    public long sentCount() {
        return sent;
    }

    /**
     * The extended sequence number nearest to the last one sent whose low 16 bits
     * are {@code seq}: how a receiver learns which cycle a packet belongs to.
     */
    public long extend(int seq) {
        long last = lastExtended;
        if (last < 0) {
            return seq & 0xFFFF;
        }
        return last + (short) ((seq & 0xFFFF) - (int) (last & 0xFFFF));
    }

    /** When the packet with this extended sequence number was sent, or -1 when it is not (or no longer) known. */
    public long sentAt(long extendedSeq) {
        int slot = (int) (extendedSeq & 0xFFFF);
        long nanos = sentNanos.getAcquire(slot);
        return extendedAt.getAcquire(slot) == extendedSeq && nanos != 0 ? nanos : -1;
    }
}
