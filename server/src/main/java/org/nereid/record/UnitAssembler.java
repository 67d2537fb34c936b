package org.nereid.record;

/**
 * Assembles the packets of one RTP timestamp, up to the marker bit, into one frame:
 * an H.264 access unit or an AV1 temporal unit, whose packets a subclass parses.
 * A loss (a gap, or a new timestamp before the marker) or a malformed packet spoils
 * the unit, and frames are then dropped until the next keyframe.
 */
abstract class UnitAssembler implements Depacketizer {
    private boolean assembling;
    private boolean broken;
    private long timestamp;
    private boolean needKeyframe = true;

    @Override
    public final Frame push(byte[] payload, long ts, boolean marker, boolean gapBefore) {
        if (gapBefore || (assembling && ts != timestamp)) {
            needKeyframe = true;      // the rest of the unit, or its marker, was lost
            assembling = false;
        }
        if (!assembling) {
            assembling = true;
            broken = false;
            timestamp = ts;
            reset();
        }
        if (!broken && !take(payload)) {
            broken = true;
            needKeyframe = true;
        }
        if (!marker) {
            return null;
        }
        assembling = false;
        Frame frame = broken ? null : complete(timestamp);
        if (frame == null) {
            needKeyframe = true;
            return null;
        }
        if (!frame.keyframe() && needKeyframe) {
            return null;
        }
        needKeyframe = false;
        return frame;
    }

    /** A new unit starts: forget the last one. */
    abstract void reset();

    /** Adds one packet's payload to the unit; false when it is malformed. */
    abstract boolean take(byte[] payload);

    /** The unit's frame once its marker came, or null when it is incomplete or empty. */
    abstract Frame complete(long timestamp);
}
