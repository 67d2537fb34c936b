package org.nereid.record;

/**
 * One assembled media frame.
 *
 * @param data      the codec frame (RTP payload descriptors removed)
 * @param timestamp the frame's extended (unwrapped) RTP timestamp
 * @param keyframe  whether it decodes on its own (every Opus frame does)
 * @param width     video width from the keyframe header, 0 if unknown or not a keyframe
 * @param height    video height from the keyframe header, 0 if unknown or not a keyframe
 * @param codecPrivate the track's CodecPrivate this keyframe gives (H.264, AV1), or null
 */
public record Frame(byte[] data, long timestamp, boolean keyframe, int width, int height, byte[] codecPrivate) {
    public Frame(byte[] data, long timestamp, boolean keyframe, int width, int height) {
        this(data, timestamp, keyframe, width, height, null);
    }
}
