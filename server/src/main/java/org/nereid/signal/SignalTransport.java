package org.nereid.signal;

import java.util.concurrent.CompletionStage;

/** One WebSocket as signalling sees it; the web layer implements it over its channel. */
public interface SignalTransport {

    /** Sends one text frame; completes when written to the socket (or fails). Never blocks. */
    CompletionStage<Void> send(String text);

    /** Sends a close frame with this status code and reason, then closes. Idempotent. */
    void close(int code, String reason);

    /** The peer's address ("ip:port"), shown to operators by the "identify" action. */
    String remoteAddress();

    /**
     * The other node of the cluster this in-process client speaks for (a cascade's relay: the
     * node at its other end; a stand-in: its member's node, docs/cluster.md); null for a socket.
     */
    default String node() {
        return null;
    }
}
