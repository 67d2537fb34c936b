package org.nereid.record;

/**
 * One track offered to a {@link StreamRecorder}.
 *
 * @param codec    its codec
 * @param channels audio channels (1 or 2; WebRTC's Opus is signalled as 2), 0 for video
 */
public record TrackInfo(RecordCodec codec, int channels) {
    public static TrackInfo opus() {
        return new TrackInfo(RecordCodec.OPUS, 2);
    }

    public static TrackInfo video(RecordCodec codec) {
        return new TrackInfo(codec, 0);
    }
}
