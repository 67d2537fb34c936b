package org.nereid.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.stats.TurnStatus;
import org.nereid.turn.RelayTargets;
import org.nereid.turn.TurnConfig;
import org.nereid.turn.TurnCredentials;
import org.nereid.turn.TurnLimits;
import org.nereid.turn.TurnServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the built-in TURN server as {@code -turn} says, relaying to the SFU's media sockets. */
final class TurnWiring {
    private static final Logger LOG = LoggerFactory.getLogger(TurnWiring.class);

    private TurnWiring() {
    }

    /** The file Galène reads STUN and TURN servers from. */
    static Path iceServersFile(Path dataDir) {
        return dataDir.resolve("ice-servers.json");
    }

    /** The running server, or null when it is off or could not listen (both logged). */
    static TurnServer start(TurnSetting setting, InetSocketAddress http, Path dataDir, MediaConfig media, Sfu sfu,
                            boolean relayOnly, Clock clock) {
        boolean file = Files.exists(iceServersFile(dataDir));
        if (!setting.enabled(file)) {
            LOG.info("TURN: the built-in server is off ({}); clients get {}", setting.off() ? "-turn \"\""
                    : "-turn auto and " + iceServersFile(dataDir) + " exists",
                    file ? "the servers of " + iceServersFile(dataDir) : "no relay");
            if (relayOnly && !file) {
                LOG.warn("-relay-only without any TURN server: clients will have no way to send media");
            }
            return null;
        }
        List<InetAddress> listen = listenAddresses(setting, http);
        int port = sfu.udpPort() != 0 ? sfu.udpPort() : media.udpPort();
        int portMax = sfu.udpPort() != 0 ? sfu.udpPort() : media.udpPortMax();
        Set<InetAddress> hosts = new LinkedHashSet<>();
        for (String a : media.bindAddresses()) {
            try {
                hosts.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                LOG.warn("TURN: media address {} does not resolve; not relayed to", a);
            }
        }
        TurnConfig config = new TurnConfig(listen, setting.port(), setting.advertised(),
                new RelayTargets(hosts, port, portMax), TurnLimits.defaults());
        try {
            TurnServer server = TurnServer.start(config, new TurnCredentials(clock));
            LOG.info("TURN: built-in server on {}; clients get {}", server.describe(), server.urls());
            return server;
        } catch (IOException e) {
            LOG.error("TURN: the built-in server is off: {}. Choose another port with -turn :PORT, or -turn \"\".",
                    e.getMessage());
            return null;
        }
    }

    /** What the health document says of the TURN server {@link #start} returned ({@code server}, or null). */
    static TurnStatus status(String flag, TurnSetting setting, Path dataDir, TurnServer server) {
        if (server != null) {
            return TurnStatus.listening(flag, server.describe(), server.urls(), server.allocations());
        }
        if (setting.off()) {
            return TurnStatus.off(flag, "turned off with -turn \"\"");
        }
        if (!setting.enabled(Files.exists(iceServersFile(dataDir)))) {
            return TurnStatus.off(flag, "-turn auto, and " + iceServersFile(dataDir) + " names the servers clients get");
        }
        return TurnStatus.failed(flag, "could not listen on port " + setting.port() + " (the server's log says why)");
    }

    /**
     * Where the server listens: everywhere for {@code ADDR:PORT} (behind port forwarding,
     * as Galène); otherwise the {@code -http} address when it names one (a server on
     * loopback opens nothing on the LAN), else every local address.
     */
    static List<InetAddress> listenAddresses(TurnSetting setting, InetSocketAddress http) {
        if (setting.advertised() != null) {
            return List.of(wildcard());
        }
        InetAddress named = http.getAddress();
        if (named != null && !named.isAnyLocalAddress()) {
            return List.of(named);
        }
        return MediaAddresses.local(true);
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByName("0.0.0.0");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
