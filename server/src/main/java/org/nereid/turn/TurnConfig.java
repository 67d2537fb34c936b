package org.nereid.turn;

import java.net.InetAddress;
import java.util.List;

/**
 * Where the built-in TURN server listens and what it relays to.
 *
 * @param listen     the local addresses to listen on, UDP and TCP (the wildcard to listen everywhere)
 * @param port       the port (0: a free one, for tests)
 * @param advertised the address clients are told to use and that relayed addresses carry
 *                   (behind port forwarding), or null to tell them the listen addresses
 * @param targets    the SFU's media sockets, the only peers relayed to
 * @param limits     the bounds on allocations and connections
 */
public record TurnConfig(List<InetAddress> listen, int port, InetAddress advertised, RelayTargets targets,
        TurnLimits limits) {
    public TurnConfig {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("the TURN server needs an address to listen on");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad TURN port " + port);
        }
    }
}
