package org.nereid.record;

import java.io.ByteArrayOutputStream;

/**
 * Reassembles AV1 temporal units from RTP (the AV1 RTP payload format: an aggregation
 * header, then OBU elements, the first and last of which may be fragments) into
 * Matroska's form: OBUs with their size fields, temporal delimiters left out. A
 * temporal unit runs over the packets of one timestamp up to the marker bit; one
 * holding a sequence header is a keyframe (WebRTC senders send it with every key
 * frame) and carries the CodecPrivate built from it.
 */
final class Av1Assembler extends UnitAssembler {
    private static final int OBU_SEQUENCE_HEADER = 1;
    private static final int OBU_TEMPORAL_DELIMITER = 2;

    private final ByteArrayOutputStream unit = new ByteArrayOutputStream(64 * 1024);
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream(64 * 1024);
    private boolean inFragment;
    private byte[] sequenceHeader;    // the whole OBU, as written to the unit
    private Av1SequenceHeader parsed;

    @Override
    void reset() {
        unit.reset();
        inFragment = false;
        sequenceHeader = null;
    }

    @Override
    Frame complete(long timestamp) {
        if (inFragment || unit.size() == 0) {
            return null;
        }
        if (sequenceHeader == null) {
            return new Frame(unit.toByteArray(), timestamp, false, 0, 0);
        }
        return new Frame(unit.toByteArray(), timestamp, true, parsed.width(), parsed.height(),
                parsed.codecConfiguration(sequenceHeader));
    }

    /** Adds the packet's OBU elements; false when the packet is malformed. */
    @Override
    boolean take(byte[] p) {
        if (p.length < 2) {
            return false;
        }
        boolean continues = (p[0] & 0x80) != 0;       // Z: the first element ends an earlier fragment
        boolean unfinished = (p[0] & 0x40) != 0;      // Y: the last element goes on in the next packet
        int count = (p[0] >> 4) & 0x03;               // W: elements, 0 when each has a length
        if (continues != inFragment) {
            return false;
        }
        int i = 1;
        for (int element = 1; i < p.length; element++) {
            int length;
            if (count == 0 || element < count) {
                long[] leb = leb128(p, i);
                if (leb == null) {
                    return false;
                }
                i = (int) leb[1];
                length = (int) leb[0];
            } else {
                length = p.length - i;
            }
            // subtractions, not sums: a length near 2^31 would overflow them past the checks
            if (length < 0 || length > p.length - i || length > VideoAssembler.MAX_FRAME - fragment.size()) {
                return false;
            }
            boolean last = i + length == p.length;
            if (!(element == 1 && continues)) {
                fragment.reset();
            }
            fragment.write(p, i, length);
            i += length;
            inFragment = last && unfinished;
            if (!inFragment && !obu(fragment.toByteArray())) {
                return false;
            }
        }
        return true;
    }

    /** Writes one whole OBU to the unit with its size field (RTP may omit it). */
    private boolean obu(byte[] o) {
        if (o.length == 0) {
            return false;
        }
        int type = (o[0] >> 3) & 0x0F;
        boolean extension = (o[0] & 0x04) != 0;
        int header = extension ? 2 : 1;
        if (o.length < header) {
            return false;
        }
        int start = header;
        int size = o.length - header;
        if ((o[0] & 0x02) != 0) {
            long[] leb = leb128(o, header);
            if (leb == null || leb[1] + leb[0] > o.length) {
                return false;
            }
            start = (int) leb[1];
            size = (int) leb[0];
        }
        if (type == OBU_TEMPORAL_DELIMITER) {
            return true;
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream(size + 10);
        whole.write(o[0] | 0x02);
        if (extension) {
            whole.write(o[1]);
        }
        writeLeb128(whole, size);
        whole.write(o, start, size);
        byte[] written = whole.toByteArray();
        if (unit.size() + written.length > VideoAssembler.MAX_FRAME) {
            return false;
        }
        if (type == OBU_SEQUENCE_HEADER) {
            try {
                parsed = Av1SequenceHeader.parse(o, start, size);
            } catch (IllegalArgumentException e) {
                return false;
            }
            sequenceHeader = written;
        }
        unit.writeBytes(written);
        return true;
    }

    /** {value, index after it}, or null when it runs off the end or past 8 bytes. */
    private static long[] leb128(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 8 && at + i < b.length; i++) {
            value |= (long) (b[at + i] & 0x7F) << (7 * i);
            if ((b[at + i] & 0x80) == 0) {
                return value > Integer.MAX_VALUE ? null : new long[] {value, at + i + 1};
            }
        }
        return null;
    }

    private static void writeLeb128(ByteArrayOutputStream out, int value) {
        int v = value;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

}
