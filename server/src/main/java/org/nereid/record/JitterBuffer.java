package org.nereid.record;

/**
 * Puts the RTP packets of one track back in sequence order within a window
 * of packets (Galène: 32 for audio, 256 for video). A packet older than the
 * next one due is dropped as late; when a packet arrives a whole window
 * ahead, the missing ones are given up and the next delivery carries a gap.
 * The first few packets are held before anything is delivered, so that a
 * stream whose first packets arrive out of order loses nothing (its first
 * keyframe, typically).
 */
final class JitterBuffer {
    /** One packet, as the buffer keeps it. */
    record Packet(byte[] payload, int sequence, long timestamp, boolean marker) {
    }

    /** Receives packets in order. */
    interface Sink {
        void deliver(Packet packet, boolean gapBefore);
    }

    /** Packets held before the first delivery. */
    static final int START_HOLD = 8;

    private final Packet[] slots;
    private long next = -1;            // extended sequence number due next; -1 before the first packet
    private long highest;
    private int startHeld;             // packets held so far, until START_HOLD
    private boolean gap;
    private long lost;
    private long late;

    JitterBuffer(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        slots = new Packet[window];
    }

    void push(Packet p, Sink sink) {
        if (next < 0) {
            next = p.sequence();
            highest = next;
        }
        long ext = next + (short) (p.sequence() - (int) next);   // nearest to next, in a 16-bit circle
        boolean starting = startHeld < START_HOLD;
        if (ext < next) {
            if (!starting || highest - ext >= slots.length) {
                late++;
                return;
            }
            next = ext;                                           // an earlier first packet
        }
        while (ext >= next + slots.length) {
            release(sink);
        }
        highest = Math.max(highest, ext);
        int slot = index(ext);
        if (slots[slot] == null) {
            slots[slot] = p;
            startHeld += starting ? 1 : 0;
        }
        if (!starting || startHeld >= START_HOLD) {
            startHeld = START_HOLD;
            drain(sink);
        }
    }

    /** Delivers everything held, in order, as the stream ends. */
    void flush(Sink sink) {
        int held = 0;
        for (Packet p : slots) {
            held += p == null ? 0 : 1;
        }
        while (held > 0) {
            held -= slots[index(next)] == null ? 0 : 1;
            release(sink);
        }
    }

    /** Delivers or gives up the packet due next. */
    private void release(Sink sink) {
        int slot = index(next);
        Packet p = slots[slot];
        if (p == null) {
            gap = true;
            lost++;
        } else {
            slots[slot] = null;
            sink.deliver(p, gap);
            gap = false;
        }
        next++;
    }

    private void drain(Sink sink) {
        for (int slot = index(next); slots[slot] != null; slot = index(next)) {
            release(sink);
        }
    }

    private int index(long sequence) {
        return (int) Math.floorMod(sequence, slots.length);
    }

    /** Packets given up as lost so far. */
    long lost() {
        return lost;
    }

    /** Packets dropped because they came after their turn. */
    long late() {
        return late;
    }
}
