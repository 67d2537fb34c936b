package org.nereid.signal;

/** What the web layer tells signalling about one WebSocket. Both calls return at once. */
public interface SignalConnection {

    /** A complete text message arrived. */
    void onText(String text);

    /** The socket is closed (by the peer, the network or us). */
    void onClosed();
}
