package org.nereid.media;

import java.util.List;

/**
 * What the SFU has counted on one stream so far, read for statistics (never on
 * the packet path).
 */
public record StreamCounts(String id, List<TrackCounts> tracks) {
    public StreamCounts {
        tracks = List.copyOf(tracks);
    }

    /**
     * One track of the stream.
     *
     * @param kind    "audio" or "video"
     * @param codec   lower-case codec name ("opus", "vp8", …)
     * @param packets RTP packets received from the publisher
     */
    public record TrackCounts(String kind, String codec, long packets) {
    }
}
