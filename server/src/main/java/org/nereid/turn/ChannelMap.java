package org.nereid.turn;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * An allocation's channel bindings (RFC 8656 §12): a channel number stands for one
 * peer transport address for ten minutes after it was last bound. A number stays
 * with its peer and a peer with its number until the binding runs out. Used on the
 * TURN event loop only.
 */
final class ChannelMap {
    static final int FIRST = 0x4000;
    static final int LAST = 0x4FFF;
    static final long LIFETIME_NANOS = 600_000_000_000L;

    private record Binding(int number, InetSocketAddress peer, long expiry) {
    }

    private final Map<Integer, Binding> byNumber = new HashMap<>();
    private final Map<InetSocketAddress, Binding> byPeer = new HashMap<>();

    static boolean validNumber(int number) {
        return number >= FIRST && number <= LAST;
    }

    /** Binds or refreshes; false when the number or the peer is bound to something else. */
    boolean bind(int number, InetSocketAddress peer, long now) {
        Binding n = live(byNumber.get(number), now);
        Binding p = live(byPeer.get(peer), now);
        if ((n != null && !n.peer.equals(peer)) || (p != null && p.number != number)) {
            return false;
        }
        if (n == null) {
            // a dead binding of this number or peer gives way
            remove(byNumber.get(number));
            remove(byPeer.get(peer));
        }
        Binding b = new Binding(number, peer, now + LIFETIME_NANOS);
        byNumber.put(number, b);
        byPeer.put(peer, b);
        return true;
    }

    /** The peer a live channel stands for, or null. */
    InetSocketAddress peer(int number, long now) {
        Binding b = live(byNumber.get(number), now);
        return b == null ? null : b.peer;
    }

    /** The live channel number of a peer, or 0. */
    int number(InetSocketAddress peer, long now) {
        Binding b = live(byPeer.get(peer), now);
        return b == null ? 0 : b.number;
    }

    void expire(long now) {
        byNumber.values().removeIf(b -> b.expiry - now <= 0);
        byPeer.values().removeIf(b -> b.expiry - now <= 0);
    }

    int size() {
        return byNumber.size();
    }

    private void remove(Binding b) {
        if (b != null) {
            byNumber.remove(b.number);
            byPeer.remove(b.peer);
        }
    }

    private static Binding live(Binding b, long now) {
        return b != null && b.expiry - now > 0 ? b : null;
    }
}
