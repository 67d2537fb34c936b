package org.nereid.media;

/**
 * What a {@link MediaSession} reports to signalling. Called from media threads:
 * implementations hand off quickly and never block.
 */
public interface MediaEvents {

    /** A local candidate to trickle to the client for stream {@code id}. */
    void localCandidate(String id, IceCandidate candidate);

    /** An up stream is connected and its tracks are known: others may now receive it. */
    void upStreamReady(UpStream stream);

    /**
     * An up stream was renegotiated and the tracks it carries changed (added, removed or
     * replaced): its receivers need a new offer. The stream object stays the same.
     */
    void upStreamChanged(UpStream stream);

    /**
     * The network path of an up stream is lost: signalling asks the client to restart ICE
     * ("renegotiate"), as Galène does.
     */
    void upStreamPathLost(String id);

    /**
     * The server restarted ICE on a down stream whose path was lost: signalling sends the
     * client this new offer, to be answered as any other.
     */
    void downStreamOffer(String id, String sdp);

    /** An up stream ended (closed, failed, or its peer vanished). */
    void upStreamClosed(String id);

    /** A down stream failed on the media side and is gone; signalling tells the client ("close"). */
    void downStreamClosed(String id, String reason);

    /**
     * Whether the peer is another node's SFU (a cascade's relay, docs/cluster.md) rather than a
     * browser: its ICE agent, like ours, answers checks but never sends the first, so the
     * down streams this session sends it send the first checks.
     */
    default boolean peerIsNode() {
        return false;
    }
}
