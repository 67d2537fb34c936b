package org.nereid.record;

/**
 * One track of a WebM file. Track numbers are 1-based and small (they are
 * written as one-byte vints in every SimpleBlock).
 *
 * @param number        the track number, 1–126
 * @param codec         the codec, which gives the Matroska codec ID and track type
 * @param codecPrivate  codec private data (the OpusHead for Opus, the decoder configuration
 *                      for H.264 and AV1), or null
 * @param sampleRate    audio sampling frequency in Hz (0 for video)
 * @param channels      audio channels (0 for video)
 * @param width         video width in pixels (0 for audio)
 * @param height        video height in pixels (0 for audio)
 */
public record WebmTrack(int number, RecordCodec codec, byte[] codecPrivate, int sampleRate, int channels,
                        int width, int height) {
    public WebmTrack {
        if (number < 1 || number > 126) {
            throw new IllegalArgumentException("track number out of range: " + number);
        }
    }

    /** An Opus track with its OpusHead (RFC 7845 §5.1) as codec private data. */
    public static WebmTrack opus(int number, int channels) {
        return new WebmTrack(number, RecordCodec.OPUS, OpusHead.of(channels, OpusHead.PRE_SKIP), 48000, channels, 0, 0);
    }

    public static WebmTrack video(int number, RecordCodec codec, int width, int height) {
        return video(number, codec, width, height, null);
    }

    public static WebmTrack video(int number, RecordCodec codec, int width, int height, byte[] codecPrivate) {
        if (codec.audio()) {
            throw new IllegalArgumentException(codec + " is not a video codec");
        }
        return new WebmTrack(number, codec, codecPrivate, 0, 0, width, height);
    }

    boolean audio() {
        return codec.audio();
    }
}
