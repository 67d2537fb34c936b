package org.nereid.stats;

import java.util.List;

/**
 * One connection (stream) of a client.
 *
 * @param maxBitrate the connection's bitrate cap in bit/s, 0 if none
 */
public record ConnStats(String id, long maxBitrate, List<TrackStats> tracks) {
    public ConnStats {
        tracks = List.copyOf(tracks);
    }
}
