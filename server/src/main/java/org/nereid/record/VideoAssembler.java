package org.nereid.record;

import java.util.Arrays;

/**
 * Reassembles video frames from packets in sequence order: a frame runs from
 * a packet that starts one to the packet with the marker bit. After a loss,
 * frames are dropped until the next keyframe, so that nothing undecodable
 * reaches the file.
 */
final class VideoAssembler implements Depacketizer {
    /** Larger frames are dropped: bounded memory against a broken sender. */
    static final int MAX_FRAME = 8 << 20;

    private final VideoFormat format;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private boolean assembling;
    private long frameTimestamp;
    private byte[] firstPayload;
    private boolean needKeyframe = true;

    VideoAssembler(VideoFormat format) {
        this.format = format;
    }

    @Override
    public Frame push(byte[] payload, long timestamp, boolean marker, boolean gapBefore) {
        if (gapBefore) {
            assembling = false;
            needKeyframe = true;
        }
        int skip = format.descriptorLength(payload);
        if (skip < 0) {
            assembling = false;
            needKeyframe = true;
            return null;
        }
        if (format.startsFrame(payload)) {
            assembling = true;
            length = 0;
            frameTimestamp = timestamp;
            firstPayload = payload;
        } else if (!assembling || timestamp != frameTimestamp) {
            assembling = false;
            return null;
        }
        if (!append(payload, skip)) {
            assembling = false;
            needKeyframe = true;
            return null;
        }
        if (!marker) {
            return null;
        }
        assembling = false;
        int[] size = format.keyframe(firstPayload, buffer, length);
        if (size == null && needKeyframe) {
            return null;
        }
        needKeyframe = false;
        byte[] data = Arrays.copyOf(buffer, length);
        return size == null
                ? new Frame(data, frameTimestamp, false, 0, 0)
                : new Frame(data, frameTimestamp, true, size[0], size[1]);
    }

    private boolean append(byte[] payload, int from) {
        int n = payload.length - from;
        if (length + n > MAX_FRAME) {
            return false;
        }
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(MAX_FRAME, Math.max(buffer.length * 2, length + n)));
        }
        System.arraycopy(payload, from, buffer, length, n);
        length += n;
        return true;
    }
}
