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
 * @param packets    RTP packets received (up) or sent (down)
 * @param nacks      sequence numbers NACKed: to the publisher, each ask (up), by the receiver (down)
 * @param plis       keyframe requests: PLIs sent to the publisher (up), PLIs and FIRs from the receiver (down)
 * @param rid        simulcast layer: the up track's rid, or the layer a down track forwards; null if none
 * @param bytes      RTP payload bytes received (up) or sent (down)
 * @param lost       packets lost since the start (up: counted by us; down: as the receiver reports)
 * @param resent     NACKed packets resent: by the publisher after our ask (up), by us from the cache (down)
 * @param switches   switches between simulcast layers (down)
 * @param unrecovered NACKed packets never got: given up after our last ask (up), not in the cache (down)
 * @param refused    NACKed packets the resend limiter did not resend (down)
 * @param replays    cached keyframes replayed to a new receiver (down)
 * @param frameRate  video frames per second: sent by the publisher (up), on the layer forwarded (down); 0 for audio
 * @param probes     rate probes started: padding to find out the receiver's link carries the next layer (down)
 * @param padding    padding packets those probes sent (down)
 * @param owedRepairs of the packets resent, those a failed probe's unsent padding paid for the
 *                   packets it lost, outside the resend budget (down)
 * @param tailPadding padding packets sent after frames to a receiver that loses packets, so it sees
 *                   a lost last packet at once (down)
 * @param tailNacks  video frames whose lost last packet we asked the publisher for before a later
 *                   packet showed the gap (up)
 * @param delayedFrames video frames sent asking a losing receiver for a longer jitter buffer (down)
 * @param dlrrs     RTCP XR DLRR blocks sent answering the receiver's RRTRs, so it knows its round trip
 *                  (down, on the connection's first video track)
 * @param layerDrops packets of temporal/spatial layers above {@code tid}/{@code sid} left out (down)
 */
public record TrackStats(Integer sid, Integer maxSid, Integer tid, Integer maxTid, long bitrate, long maxBitrate,
                         double loss, double rttMs, double jitterMs,
                         String kind, String codec, long packets, long nacks, long plis,
                         String rid, long bytes, long lost, long resent, long switches,
                         long unrecovered, long refused, long replays, double frameRate,
                         long probes, long padding, long owedRepairs, long tailPadding, long tailNacks,
                         long delayedFrames, long dlrrs, long layerDrops) {
}
