package org.nereid.media;

/**
 * A track of an up stream that a recorder may tap.
 *
 * @param index    what {@link UpStream#tap} takes
 * @param kind     "audio" or "video"
 * @param codec    the codec name, lower case ("opus", "vp8", "h264", …)
 * @param channels audio channels as negotiated, 0 for video
 */
public record TapTrack(int index, String kind, String codec, int channels) {
}
