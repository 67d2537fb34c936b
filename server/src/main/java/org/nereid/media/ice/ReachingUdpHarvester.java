package org.nereid.media.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * ice4j's single-port harvester, which gives an agent a path to a peer only once the peer's
 * first check arrives (so our agents answer but never check first, as a browser never
 * notices); {@link #openPath} gives it one beforehand, for a peer that waits for us the same
 * way: another node's SFU at the other end of a cascade's relay (docs/cluster.md).
 */
final class ReachingUdpHarvester extends SinglePortUdpHarvester {

    ReachingUdpHarvester(TransportAddress address) throws IOException {
        super(address);
    }

    /** Lets the agent whose local ufrag is {@code localUfrag} send to {@code remote} from this port. */
    void openPath(InetSocketAddress remote, String localUfrag) {
        // what the listener does for a peer's first check, minus the check
        maybeAcceptNewSession(null, remote, localUfrag);
    }
}
