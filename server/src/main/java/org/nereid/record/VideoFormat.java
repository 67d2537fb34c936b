package org.nereid.record;

/** What a video assembler needs to know about one codec's RTP payload format. */
interface VideoFormat {
    /** Length of the payload descriptor at the start of the payload, or -1 if it is malformed. */
    int descriptorLength(byte[] payload);

    /** Whether this packet (whose descriptor is valid) starts a frame. */
    boolean startsFrame(byte[] payload);

    /**
     * Inspects a complete frame.
     *
     * @return {width, height} for a keyframe (0, 0 if its size is unknown), or null for an inter frame
     */
    int[] keyframe(byte[] firstPayload, byte[] frame, int length);
}
