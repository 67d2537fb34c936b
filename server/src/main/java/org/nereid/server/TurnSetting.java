package org.nereid.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Galène's {@code -turn} flag: {@code auto} (the default: on at port 1194 unless
 * {@code data/ice-servers.json} exists), {@code ""} (off), {@code :PORT} (every local
 * address) or {@code ADDR:PORT} (listen everywhere, tell clients ADDR: behind port
 * forwarding).
 *
 * @param off        never start the built-in server
 * @param auto       start it only when there is no ice-servers.json
 * @param port       the port
 * @param advertised ADDR of {@code ADDR:PORT}, or null
 */
record TurnSetting(boolean off, boolean auto, int port, InetAddress advertised) {
    static final int DEFAULT_PORT = 1194;

    static TurnSetting parse(String value) {
        if (value.isEmpty()) {
            return new TurnSetting(true, false, 0, null);
        }
        if (value.equals("auto")) {
            return new TurnSetting(false, true, DEFAULT_PORT, null);
        }
        InetSocketAddress a;
        try {
            a = ListenAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-turn: " + e.getMessage() + " (or \"auto\", or \"\" for none)");
        }
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("-turn: cannot resolve " + a.getHostString());
        }
        if (a.getPort() == 0) {
            throw new IllegalArgumentException("-turn needs a port, e.g. :1194");
        }
        InetAddress host = a.getAddress();
        if (host.isAnyLocalAddress()) {
            return new TurnSetting(false, false, a.getPort(), null);
        }
        if (!(host instanceof Inet4Address)) {
            throw new IllegalArgumentException("-turn ADDR:PORT needs an IPv4 address, as relayed addresses are IPv4");
        }
        return new TurnSetting(false, false, a.getPort(), host);
    }

    /** Whether the built-in server should run, given whether ice-servers.json exists. */
    boolean enabled(boolean iceServersFileExists) {
        return !off && !(auto && iceServersFileExists);
    }
}
