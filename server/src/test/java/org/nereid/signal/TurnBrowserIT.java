package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.client.MeetingPages;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "nereid_turn_test";
    /** Keeps every RTCPeerConnection the page makes, to read their stats. */
    private static final String RECORD_PEER_CONNECTIONS = """
            (() => {
              const Original = window.RTCPeerConnection;
              window.__pcs = [];
              window.RTCPeerConnection = function(...args) {
                const pc = new Original(...args);
                window.__pcs.push(pc);
                return pc;
              };
              window.RTCPeerConnection.prototype = Original.prototype;
            })()""";
    /** Per live peer connection: the selected pair's local candidate, frames sent and decoded. */
    private static final String PATHS = """
            async () => {
              const out = [];
              for (const pc of window.__pcs) {
                if (pc.connectionState !== 'connected') continue;
                const stats = await pc.getStats();
                let local = null, decoded = 0, encoded = 0;
                stats.forEach(s => {
                  if (s.type === 'transport' && s.selectedCandidatePairId) {
                    const pair = stats.get(s.selectedCandidatePairId);
                    local = pair && stats.get(pair.localCandidateId);
                  }
                  if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded || 0;
                  if (s.type === 'outbound-rtp' && s.kind === 'video') encoded += s.framesEncoded || 0;
                });
                out.push({type: local && local.candidateType, relayProtocol: local && local.relayProtocol,
                          decoded, encoded});
              }
              return JSON.stringify(out);
            }""";

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
            JsonNode[] paths = meet(server, chromium.browser());
            for (JsonNode p : paths) {
                assertEquals("relay", p.path("type").asText(), p.toString());
                assertEquals("udp", p.path("relayProtocol").asText(), "TURN over UDP is preferred: " + p);
            }
            // the count is refreshed each second, and a quiet machine gets here sooner than that
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (turn.allocations() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
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
            JsonNode[] paths = meet(server, chromium.browser());
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

    /** Alice publishes her camera, Bob watches; returns both pages' connected paths once frames flow. */
    private JsonNode[] meet(SfuServer server, Browser browser) throws Exception {
        server.server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                + " \"bob\": {\"password\": \"bpw\", \"permissions\": \"present\"}}}");
        String meet = server.server.base() + "/group/meet/";
        Page alice = MeetingPages.join(page(browser), meet, "alice", "apw", "both");
        Page bob = MeetingPages.join(page(browser), meet, "bob", "bpw", "");
        bob.waitForFunction("() => { const v = document.querySelector('#videos video');"
                + " return v && v.videoWidth > 0 && v.currentTime > 0; }", null,
                new Page.WaitForFunctionOptions().setTimeout(40000));
        JsonNode sent = await(alice, "alice's camera to go out", ps -> sum(ps, "encoded") > 10);
        JsonNode received = await(bob, "bob to decode frames", ps -> sum(ps, "decoded") > 10);
        return new JsonNode[] {sent.get(0), received.get(0)};
    }

    private static JsonNode await(Page page, String what, Predicate<JsonNode> done) throws Exception {
        long deadline = System.currentTimeMillis() + 40_000;
        JsonNode paths = JSON.readTree((String) page.evaluate(PATHS));
        while (!(paths.size() > 0 && done.test(paths))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited 40 s for " + what + "; paths " + paths);
            }
            Thread.sleep(250);
            paths = JSON.readTree((String) page.evaluate(PATHS));
        }
        return paths;
    }

    private static int sum(JsonNode paths, String field) {
        int n = 0;
        for (JsonNode p : paths) {
            n += p.path(field).asInt();
        }
        return n;
    }

    private static Page page(Browser browser) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone")));
        context.addInitScript(RECORD_PEER_CONNECTIONS);
        return context.newPage();
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
