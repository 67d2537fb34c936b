package org.nereid.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * The only peers the relay reaches: the SFU's own media sockets. Anything else is
 * refused, so the server is never an open relay into the networks it can see.
 *
 * @param hosts   the SFU's media host addresses
 * @param minPort the SFU's media port, or the first of its range
 * @param maxPort the same port, or the last of the range
 */
public record RelayTargets(Set<InetAddress> hosts, int minPort, int maxPort) {
    public RelayTargets {
        hosts = Set.copyOf(hosts);
        if (minPort < 1 || maxPort < minPort || maxPort > 65535) {
            throw new IllegalArgumentException("bad media port range " + minPort + "-" + maxPort);
        }
    }

    /** Whether a permission for this host may be installed (permissions ignore the port). */
    public boolean allowsHost(InetAddress host) {
        return hosts.contains(host);
    }

    /** Whether data may go to this address and port. */
    public boolean allows(InetSocketAddress peer) {
        return peer.getPort() >= minPort && peer.getPort() <= maxPort && hosts.contains(peer.getAddress());
    }

    @Override
    public String toString() {
        return hosts.stream().map(InetAddress::getHostAddress).toList() + " port " + (minPort == maxPort ? "" + minPort : minPort + "-" + maxPort);
    }
}
