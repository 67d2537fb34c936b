package org.nereid.media;

import java.util.List;
import java.util.Set;

/**
 * One client's media: the streams it publishes ("up", it offers) and the
 * streams it receives ("down", the server offers). One stream is one peer
 * connection. Calls come from signalling threads; implementations are
 * thread-safe. Every failure that the client should hear of is a
 * {@link MediaException} whose message is a sentence for that client.
 */
public interface MediaSession extends AutoCloseable {

    /**
     * The client offered an up stream; returns the SDP answer to send back. A new offer
     * for a live stream of the same id (an ICE restart, tracks added or removed)
     * renegotiates that stream in place: its receivers keep it. When such a re-offer
     * is refused the stream is closed.
     */
    String answerUp(String id, String label, String sdpOffer) throws MediaException;

    /** The client closed (or replaced) an up stream. Unknown ids are ignored. */
    void closeUp(String id);

    /**
     * Starts a down stream to this client carrying {@code source}, limited to
     * {@code kinds} (any of "audio", "video", "video-low"); returns the SDP offer.
     */
    String offerDown(String id, UpStream source, Set<String> kinds) throws MediaException;

    /** The client answered a down offer. */
    void answerDown(String id, String sdpAnswer) throws MediaException;

    /** Changes what a down stream carries (requestStream); returns a new offer, or null when none is needed. */
    String changeDown(String id, Set<String> kinds) throws MediaException;

    /** Returns a fresh offer for a down stream that restarts ICE (the client's "renegotiate"). */
    String renegotiateDown(String id) throws MediaException;

    /** The server stops a down stream, or the client aborted it. Unknown ids are ignored. */
    void closeDown(String id);

    /** A trickled ICE candidate from the client for stream {@code id}. */
    void addRemoteCandidate(String id, IceCandidate candidate) throws MediaException;

    /** The counters of this client's up streams, by id; read-only, for statistics. */
    default List<StreamCounts> upCounts() {
        return List.of();
    }

    /** The counters of the streams this client receives, by id; read-only, for statistics. */
    default List<StreamCounts> downCounts() {
        return List.of();
    }

    /** Closes every stream of this client. Idempotent. */
    @Override
    void close();
}
