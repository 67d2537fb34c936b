package org.nereid.media;

import java.util.List;

/**
 * The SFU as signalling sees it: one engine per server, one {@link MediaSession}
 * per signalling client. The engine knows nothing of the protocol; signalling
 * turns Galène's offer/answer/ice/close/abort/request messages into these calls.
 */
public interface MediaEngine extends AutoCloseable {

    /**
     * Opens the media side of one client.
     *
     * @param clientId the client's id, for logs and statistics
     * @param codecs   the codec names the client's group allows (Galène's
     *                 {@code codecs} field, e.g. {@code ["vp8","opus"]})
     * @param events   where the session reports what happens asynchronously
     */
    MediaSession open(String clientId, List<String> codecs, MediaEvents events);

    /**
     * A client has joined a group and may call soon: get ready (e.g. load the crypto) so that
     * its first connection does not pay for it. Idempotent and quick; does nothing by default.
     */
    default void prepare() {
    }

    /** Stops all sessions and releases sockets. Idempotent. */
    @Override
    void close();
}
