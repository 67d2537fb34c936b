package org.nereid.turn;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * One client's relayed transport address (RFC 8656 §2.2): the UDP socket that speaks
 * to peers on its behalf, who may use it (permissions, channels), with which
 * credential, until when. Used on the TURN event loop only.
 */
final class Allocation {
    static final int DEFAULT_LIFETIME_SECONDS = 600;
    static final int MAX_LIFETIME_SECONDS = 3600;

    final ClientLink link;
    final Channel relay;
    final InetSocketAddress relayed;
    final String username;
    final byte[] key;
    /** The Allocate request that made it: a retransmission gets the same answer. */
    final byte[] transactionId;
    final PermissionSet permissions = new PermissionSet();
    final ChannelMap channels = new ChannelMap();
    private long expiry;

    Allocation(ClientLink link, Channel relay, InetSocketAddress relayed, String username, byte[] key,
               byte[] transactionId) {
        this.link = link;
        this.relay = relay;
        this.relayed = relayed;
        this.username = username;
        this.key = key;
        this.transactionId = transactionId;
    }

    /** Sets the lifetime from now; returns the seconds granted. */
    int refresh(int requestedSeconds, long now) {
        int seconds = Math.min(Math.max(requestedSeconds, DEFAULT_LIFETIME_SECONDS), MAX_LIFETIME_SECONDS);
        expiry = now + seconds * 1_000_000_000L;
        return seconds;
    }

    boolean expired(long now) {
        return expiry - now <= 0;
    }
}
