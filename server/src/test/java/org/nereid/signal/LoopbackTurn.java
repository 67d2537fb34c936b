package org.nereid.signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nereid.media.Sfu;
import org.nereid.testing.NetworkImpairment;
import org.nereid.turn.RelayTargets;
import org.nereid.turn.RtcConfiguration;
import org.nereid.turn.TurnConfig;
import org.nereid.turn.TurnCredentials;
import org.nereid.turn.TurnLimits;
import org.nereid.turn.TurnServer;

/**
 * For browser tests through the built-in TURN server: the server on 127.0.0.2 (so
 * that its relay-to-SFU hop can be told apart from the browser's own packets, which
 * come from 127.0.0.1), relaying to one SFU's port, and an nftables table that drops
 * the browser's UDP. {@link #close()} stops the server and removes the table.
 */
final class LoopbackTurn implements AutoCloseable {
    private static final String TABLE = "nereid_turn_test";

    final TurnServer server;
    private final Path dir;

    private LoopbackTurn(TurnServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Starts the server relaying to {@code sfu}'s shared port; {@code dir} is a test directory. */
    static LoopbackTurn relayingTo(Sfu sfu, Path dir) {
        try {
            RelayTargets media = new RelayTargets(Set.of(InetAddress.getByName("127.0.0.1")),
                    sfu.udpPort(), sfu.udpPort());
            return new LoopbackTurn(TurnServer.start(new TurnConfig(List.of(InetAddress.getByName("127.0.0.2")), 0,
                    null, media, TurnLimits.defaults()), new TurnCredentials(Clock.systemUTC())), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What clients get in "joined": this server only (no ice-servers.json). */
    RtcConfiguration rtcConfiguration(boolean relayOnly) {
        return new RtcConfiguration(dir.resolve("no-ice-servers.json"), server, relayOnly, Clock.systemUTC());
    }

    /**
     * A network that lets no UDP out of the browser: its packets to the TURN server's
     * UDP port and to and from the SFU's media port are dropped (the relay's own hop,
     * from 127.0.0.2, passes). Rules "turn-udp", "direct-up", "direct-down" count.
     */
    void dropBrowserUdp(int mediaPort) throws IOException {
        NetworkImpairment.nft(List.of("-f", "-"), """
                table inet %1$s {
                  chain in {
                    type filter hook input priority 0; policy accept;
                    udp dport %2$d counter drop comment "turn-udp"
                    ip saddr 127.0.0.1 ip daddr 127.0.0.1 udp dport %3$d counter drop comment "direct-up"
                    ip saddr 127.0.0.1 ip daddr 127.0.0.1 udp sport %3$d counter drop comment "direct-down"
                  }
                }
                """.formatted(TABLE, server.port(), mediaPort));
    }

    /** The packets a rule of {@link #dropBrowserUdp} dropped. */
    long dropped(String rule) throws IOException {
        String listing = NetworkImpairment.nft(List.of("list", "table", "inet", TABLE), null);
        for (String line : listing.split("\n")) {
            if (line.contains("comment \"" + rule + "\"")) {
                Matcher m = Pattern.compile("packets (\\d+)").matcher(line);
                return m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        server.close();
        try {
            NetworkImpairment.nft(List.of("delete", "table", "inet", TABLE), null);
        } catch (IOException e) {
            // the test made no table
        }
    }
}
