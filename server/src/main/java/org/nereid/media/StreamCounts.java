package org.nereid.media;

import java.util.List;

/**
 * What the SFU has counted on one stream so far, read for statistics (never on
 * the packet path).
 *
 * @param maxBitrate for an up stream, the total we last asked the publisher for (REMB), bit/s;
 *                   0 for a down stream
 */
public record StreamCounts(String id, long maxBitrate, List<TrackCounts> tracks) {
    public StreamCounts {
        tracks = List.copyOf(tracks);
    }

    /**
     * One track of the stream. Up tracks count what the publisher sent us; down tracks what
     * we sent the receiver, with loss, jitter and round trip from the receiver's reports.
     *
     * @param kind             "audio" or "video"
     * @param codec            lower-case codec name ("opus", "vp8", …)
     * @param rid              the simulcast layer (the up track's rid; for a down track, the
     *                         layer it forwards), "" when not simulcast
     * @param packets          RTP packets
     * @param bytes            RTP payload bytes
     * @param bitrate          payload bitrate over the last second, bit/s
     * @param loss             fraction lost over the last report interval, 0–1
     * @param lost             packets lost since the start
     * @param jitterMs         interarrival jitter in ms
     * @param rttMs            round trip in ms, 0 when unknown (always for up tracks)
     * @param nacks            sequence numbers NACKed: by us to the publisher, each ask (up), by
     *                         the receiver (down)
     * @param resent           NACKed packets resent: by the publisher, arriving after our ask (up),
     *                         by us from the cache (down)
     * @param keyframeRequests PLIs sent to the publisher (up), PLIs and FIRs from the receiver (down)
     * @param maxBitrate       what the receiver can take by our estimate (down), what we ask the
     *                         publisher to send on this track (up), bit/s
     * @param layerSwitches    switches between simulcast layers (down)
     * @param unrecovered      NACKed packets never got: given up after our last ask (up), not in
     *                         the cache (down)
     * @param resendsRefused   NACKed packets the resend limiter did not resend (down; 0 up)
     * @param keyframeReplays  cached keyframes replayed to a new receiver (down; 0 up)
     * @param frameRate        video frames per second the publisher sends on this track (up), on the
     *                         layer forwarded (down); 0 for audio
     * @param probes           rate probes started towards the next simulcast layer (down; 0 up)
     * @param padding          padding packets those probes sent (down; 0 up)
     * @param owedRepairs      of the packets resent, those paid by a failed probe's unsent padding
     *                         for the packets it lost, outside the resend budget (down; 0 up)
     * @param tailPadding      padding packets sent after frames to a receiver that loses packets, so
     *                         it sees a lost last packet at once (down; 0 up)
     * @param tailNacks        video frames whose lost last packet we asked the publisher for before
     *                         a later packet showed the gap (up; 0 down)
     * @param delayedFrames    video frames sent asking a losing receiver for a longer jitter buffer
     *                         (the playout-delay extension; down; 0 up)
     * @param dlrrs            RTCP XR DLRR blocks sent answering the receiver's RRTRs, so it knows its
     *                         round trip (down, on the connection's first video track; 0 otherwise)
     * @param sublayers        the temporal/spatial layers a down track forwards of its VP8/VP9
     *                         layer, null when the stream has none (and for up tracks)
     */
    public record TrackCounts(String kind, String codec, String rid, long packets, long bytes, long bitrate,
                              double loss, long lost, double jitterMs, double rttMs, long nacks, long resent,
                              long keyframeRequests, long maxBitrate, long layerSwitches, long unrecovered,
                              long resendsRefused, long keyframeReplays, double frameRate,
                              long probes, long padding, long owedRepairs, long tailPadding, long tailNacks,
                              long delayedFrames, long dlrrs, Sublayers sublayers) {
    }

    /**
     * The temporal and spatial layers a down track forwards of the encoding it gets.
     *
     * @param sid     spatial layer forwarded up to (0 for VP8)
     * @param maxSid  highest spatial layer the publisher sends
     * @param tid     temporal layer forwarded up to
     * @param maxTid  highest temporal layer the publisher sends
     * @param dropped packets of the layers above left out
     */
    public record Sublayers(int sid, int maxSid, int tid, int maxTid, long dropped) {
    }
}
