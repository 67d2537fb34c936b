package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;
import org.nereid.turn.RelayTargets;
import org.nereid.turn.RtcConfiguration;
import org.nereid.turn.TurnConfig;
import org.nereid.turn.TurnCredentials;
import org.nereid.turn.TurnLimits;
import org.nereid.turn.TurnServer;

/**
 * Real Chromium on Nereid's meeting page, its media through the built-in TURN
 * server: forced by {@code -relay-only}, and chosen by ICE itself when nftables
 * drops every UDP packet of the browser (only TURN over TCP is left). The TURN
 * server listens on 127.0.0.2 so that its relay-to-SFU hop can be told apart from
 * the browser's own traffic on loopback.
 */
class TurnBrowserIT {
    private static final String TABLE = "nereid_turn_test";

    @TempDir
    Path dir;
    private TurnServer turn;

    @AfterEach
    void stop() throws Exception {
        if (turn != null) {
            turn.close();
        }
        try {
            NetworkImpairment.nft(List.of("delete", "table", "inet", TABLE), null);
        } catch (IOException e) {
            // the test made no table
        }
    }

    @Test
    void withRelayOnlyMediaGoesThroughTheBuiltInTurnServer() throws Exception {
        try (SfuServer server = start(true); Chromium chromium = Chromium.launch()) {
            JsonNode[] paths = MediaPaths.meet(server, chromium.browser());
            for (JsonNode p : paths) {
                assertEquals("relay", p.path("type").asText(), p.toString());
                assertEquals("udp", p.path("relayProtocol").asText(), "TURN over UDP is preferred: " + p);
            }
            assertTrue(turn.allocations() > 0, "the built-in server holds the allocations");
        }
    }

    @Test
    void withTheBrowsersUdpDroppedMediaFlowsOverTurnTcp() throws Exception {
        try (SfuServer server = start(false); Chromium chromium = Chromium.launch()) {
            int media = server.sfu().udpPort();
            NetworkImpairment.nft(List.of("-f", "-"), """
                    table inet %1$s {
                      chain in {
                        type filter hook input priority 0; policy accept;
                        udp dport %2$d counter drop comment "turn-udp"
                        ip saddr 127.0.0.1 ip daddr 127.0.0.1 udp dport %3$d counter drop comment "direct-up"
                        ip saddr 127.0.0.1 ip daddr 127.0.0.1 udp sport %3$d counter drop comment "direct-down"
                      }
                    }
                    """.formatted(TABLE, turn.port(), media));
            JsonNode[] paths = MediaPaths.meet(server, chromium.browser());
            for (JsonNode p : paths) {
                assertEquals("relay", p.path("type").asText(), p.toString());
                assertEquals("tcp", p.path("relayProtocol").asText(), p.toString());
            }
            String counters = NetworkImpairment.nft(List.of("list", "table", "inet", TABLE), null);
            for (String rule : List.of("turn-udp", "direct-up")) {
                assertTrue(dropped(counters, rule) > 0, "the browser tried " + rule + " and it was dropped: " + counters);
            }
        }
    }

    /** The SFU with signalling; clients get the built-in TURN server, which relays to the SFU's socket. */
    private SfuServer start(boolean relayOnly) throws Exception {
        return SfuServer.start(dir, sfu -> {
            try {
                RelayTargets media = new RelayTargets(Set.of(InetAddress.getByName("127.0.0.1")),
                        sfu.udpPort(), sfu.udpPort());
                turn = TurnServer.start(new TurnConfig(List.of(InetAddress.getByName("127.0.0.2")), 0, null, media,
                        TurnLimits.defaults()), new TurnCredentials(Clock.systemUTC()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new RtcConfiguration(dir.resolve("no-ice-servers.json"), turn, relayOnly, Clock.systemUTC());
        }, wiring -> { });
    }

    /** The packets a rule of the table dropped, from nft's listing ("counter packets N bytes M ... comment"). */
    private static long dropped(String listing, String comment) {
        for (String line : listing.split("\n")) {
            if (line.contains("comment \"" + comment + "\"")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("packets (\\d+)").matcher(line);
                return m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
        return 0;
    }
}
