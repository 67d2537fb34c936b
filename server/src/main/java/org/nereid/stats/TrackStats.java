package org.nereid.stats;

/**
 * One track of a connection. The first fields are Galène's; the rest are
 * Nereid's extras (written after Galène's, ignored by Galène's stats page).
 *
 * @param sid        current spatial layer, null if not layered
 * @param maxSid     highest spatial layer, null if not layered
 * @param tid        current temporal layer, null if not layered
 * @param maxTid     highest temporal layer, null if not layered
 * @param bitrate    bit/s
 * @param maxBitrate bit/s, 0 if none
 * @param loss       fraction lost, 0–1
 * @param rttMs      round-trip time in ms, 0 if unknown
 * @param jitterMs   interarrival jitter in ms, 0 if unknown
 * @param codec      codec name ("opus", "vp8", …), null if unknown
 */
public record TrackStats(Integer sid, Integer maxSid, Integer tid, Integer maxTid, long bitrate, long maxBitrate,
                         double loss, double rttMs, double jitterMs,
                         String kind, String codec, long packets, long nacks, long plis) {
}
