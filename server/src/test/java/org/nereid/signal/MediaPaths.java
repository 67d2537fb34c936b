package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.function.Predicate;
import org.nereid.client.MeetingPages;

/**
 * For browser tests of how media reaches the SFU: two meeting pages (Alice sends her
 * camera, Bob watches) and, per page, the candidate pair each live peer connection
 * selected, read from Chromium's own statistics.
 */
final class MediaPaths {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    /**
     * Per live peer connection: the selected pair's candidates, frames sent and decoded,
     * and every candidate pair's state (for the message when an assertion fails).
     */
    private static final String PATHS = """
            async () => {
              const out = [];
              for (const pc of window.__pcs) {
                if (pc.connectionState !== 'connected') continue;
                const stats = await pc.getStats();
                let local = null, remote = null, decoded = 0, encoded = 0;
                const pairs = [];
                const name = c => c ? c.candidateType + '/' + (c.relayProtocol || c.protocol) : '?';
                stats.forEach(s => {
                  if (s.type === 'candidate-pair') {
                    pairs.push(name(stats.get(s.localCandidateId)) + '>' + name(stats.get(s.remoteCandidateId))
                        + ' ' + s.state + (s.nominated ? ' nominated' : '') + ' req ' + s.requestsSent
                        + ' resp ' + s.responsesReceived);
                  }
                  if (s.type === 'transport' && s.selectedCandidatePairId) {
                    const pair = stats.get(s.selectedCandidatePairId);
                    local = pair && stats.get(pair.localCandidateId);
                    remote = pair && stats.get(pair.remoteCandidateId);
                  }
                  if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded || 0;
                  if (s.type === 'outbound-rtp' && s.kind === 'video') encoded += s.framesEncoded || 0;
                });
                out.push({type: local && local.candidateType, protocol: local && local.protocol,
                          relayProtocol: local && local.relayProtocol,
                          remoteType: remote && remote.candidateType, remoteProtocol: remote && remote.protocol,
                          remoteTcpType: remote && remote.tcpType, decoded, encoded, pairs});
              }
              return JSON.stringify(out);
            }""";

    private MediaPaths() {
    }

    /** Alice publishes her camera, Bob watches; returns both pages' selected paths once frames flow. */
    static JsonNode[] meet(SfuServer server, Browser browser) throws Exception {
        return meet(server, browser, p -> true);
    }

    /**
     * The same, waiting until every live connection's selected pair also passes {@code path}
     * (Chromium may first select a pair that succeeded early and move to a better one once
     * its checks complete, which a loaded machine makes visible); after 40 s the paths are
     * returned as they are, for the caller's assertions to say what is wrong.
     */
    static JsonNode[] meet(SfuServer server, Browser browser, Predicate<JsonNode> path) throws Exception {
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
        sent = settle(alice, sent, path);
        received = settle(bob, received, path);
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

    /** The page's paths once each passes {@code path}, or as they are after 40 s. */
    private static JsonNode settle(Page page, JsonNode paths, Predicate<JsonNode> path) throws Exception {
        long deadline = System.currentTimeMillis() + 40_000;
        while (!all(paths, path) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            paths = JSON.readTree((String) page.evaluate(PATHS));
        }
        return paths;
    }

    private static boolean all(JsonNode paths, Predicate<JsonNode> path) {
        for (JsonNode p : paths) {
            if (!path.test(p)) {
                return false;
            }
        }
        return paths.size() > 0;
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
}
