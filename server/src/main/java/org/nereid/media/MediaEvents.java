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

    /** An up stream ended (closed, failed, or its peer vanished). */
    void upStreamClosed(String id);

    /** A down stream failed on the media side and is gone; signalling tells the client ("close"). */
    void downStreamClosed(String id, String reason);
}
