package org.nereid.signal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.HttpCredentials;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.server.AdminWiring;
import org.nereid.stats.PrometheusText;
import org.nereid.testing.RunningServer;

/**
 * Statistics of real media in real Chromium: one page publishes its fake camera and
 * microphone, another receives them. The admin's /stats.json shows up and down tracks
 * moving, with the receiver's reports (loss, jitter, round trip); the publisher's
 * getStats shows our receiver reports (remote-inbound-rtp); /metrics parses as
 * Prometheus text; /stats.html shows the tables to an administrator only; and when the
 * publisher leaves, its tracks go.
 */
class StatsBrowserIT {
    private static final String ADMIN = "Basic "
            + Base64.getEncoder().encodeToString("root:hunter2".getBytes(StandardCharsets.UTF_8));
    /** Collects every RTCPeerConnection the page makes, so the test can read its getStats. */
    private static final String RECORD_PEER_CONNECTIONS = "(() => { const Original = window.RTCPeerConnection;"
            + " window.__pcs = []; window.RTCPeerConnection = function(...args) {"
            + " const pc = new Original(...args); window.__pcs.push(pc); return pc; };"
            + " window.RTCPeerConnection.prototype = Original.prototype; })();";

    @TempDir
    Path dir;

    @Test
    void statisticsFollowRealMediaAndStopWhenThePublisherLeaves() throws Exception {
        AtomicReference<SignalService> signal = new AtomicReference<>();
        Sfu sfu = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0));
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            Authoriser authoriser = new Authoriser(tokens, clock);
            SignalService s = Signalling.create(n.groups(), n.config(), authoriser,
                    new TokenActions(tokens, clock), sfu, SignalLimits.defaults(), Signalling::noIceServers, clock);
            SignalStats stats = new SignalStats(s.registry());
            n.webSocket(s::newChannelHandler).groupActivity(s.registry())
                    .adminApi(self -> AdminWiring.adminApi(self, tokens, authoriser, clock, stats))
                    .statsPages((self, files) -> AdminWiring.statsPages(self, authoriser, stats, files))
                    .metrics(self -> AdminWiring.metrics(self, authoriser, stats));
            signal.set(s);
        });
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
                             "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection",
                             "--disable-features=WebRtcHideLocalIpsWithMdns",
                             "--autoplay-policy=no-user-gesture-required", "--disable-background-networking",
                             "--no-first-run")))) {
            Files.writeString(server.data.resolve("config.json"),
                    "{\"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
            server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                    + " \"bob\": {\"password\": \"bpw\", \"permissions\": \"present\"}}}");

            String groupUser = "Basic " + Base64.getEncoder().encodeToString("alice:apw".getBytes(StandardCharsets.UTF_8));
            for (String path : List.of("/stats.html", "/stats/stats.js", "/stats.json")) {
                assertEquals(401, server.get(path).statusCode(), path + " is for administrators only");
                assertEquals(401, server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", groupUser))
                        .statusCode(), path + " is not for a group's users");
                assertEquals(200, server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", ADMIN))
                        .statusCode(), path + " is for administrators");
            }

            BrowserContext aliceContext = browser.newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone")));
            aliceContext.addInitScript(RECORD_PEER_CONNECTIONS);
            Page alice = join(aliceContext.newPage(), server, "alice", "apw", "both");
            Page bob = join(browser.newContext().newPage(), server, "bob", "bpw", "");
            bob.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 0; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(20000));

            // up and down tracks count and move, with codec and kind
            JsonNode first = statsUntil(server, j -> track(j, "alice", "up", "video") != null
                    && track(j, "bob", "down", "video") != null
                    && track(j, "alice", "up", "video").path("bitrate").asLong() > 0
                    && track(j, "bob", "down", "video").path("bitrate").asLong() > 0);
            JsonNode up = track(first, "alice", "up", "video");
            JsonNode down = track(first, "bob", "down", "video");
            assertNotNull(up, first.toString());
            assertNotNull(down, first.toString());
            assertTrue(up.path("bitrate").asLong() > 0, "the publisher's video has a bitrate: " + up);
            assertTrue(down.path("bitrate").asLong() > 0, "the receiver's video has a bitrate: " + down);
            assertFalse(up.path("codec").asText().isEmpty(), up.toString());
            assertEquals(up.path("codec").asText(), down.path("codec").asText());
            assertTrue(up.has("loss") && up.has("lost") && down.has("loss") && down.has("lost"), first.toString());
            assertNotNull(track(first, "alice", "up", "audio"), "the microphone is a track too: " + first);
            long upPackets = up.path("packets").asLong();
            long downPackets = down.path("packets").asLong();
            long upBytes = up.path("bytes").asLong();
            JsonNode later = statsUntil(server, j -> {
                JsonNode u = track(j, "alice", "up", "video");
                JsonNode d = track(j, "bob", "down", "video");
                return u != null && d != null && u.path("packets").asLong() > upPackets
                        && d.path("packets").asLong() > downPackets && u.path("bytes").asLong() > upBytes;
            });
            assertTrue(track(later, "alice", "up", "video").path("packets").asLong() > upPackets, later.toString());
            assertTrue(track(later, "bob", "down", "video").path("packets").asLong() > downPackets, later.toString());

            // the receiver's reports echo the sender reports we pass on: a round trip
            JsonNode reported = statsUntil(server, j -> {
                JsonNode d = track(j, "bob", "down", "video");
                return d != null && d.path("rtt").asDouble() > 0;
            });
            JsonNode reportedDown = track(reported, "bob", "down", "video");
            assertTrue(reportedDown.path("rtt").asDouble() > 0, "RTT from the receiver's LSR/DLSR: " + reported);
            assertTrue(reportedDown.path("rtt").asDouble() < 1000, "a loopback round trip is short: " + reportedDown);

            // our receiver reports reach the publisher's browser: a round trip needs their LSR/DLSR
            double publisherRtt = 0;
            for (int i = 0; i < 40 && publisherRtt <= 0; i++) {
                Thread.sleep(500);
                publisherRtt = ((Number) alice.evaluate("async () => { let best = 0; for (const pc of window.__pcs) {"
                        + " const stats = await pc.getStats(); for (const s of stats.values())"
                        + " if (s.type === 'remote-inbound-rtp' && s.kind === 'video' && s.roundTripTime)"
                        + " best = Math.max(best, s.roundTripTime); } return best; }")).doubleValue();
            }
            assertTrue(publisherRtt > 0, "the publisher's remote-inbound-rtp has a round trip from our receiver reports");

            // Prometheus text with the new families
            HttpResponse<String> metrics = server.send(HttpRequest.newBuilder(server.uri("/metrics"))
                    .header("Authorization", ADMIN));
            assertEquals(200, metrics.statusCode());
            Map<String, List<Map<String, String>>> samples = PrometheusText.parse(metrics.body());
            for (String family : List.of("nereid_groups", "nereid_streams", "nereid_track_bytes_total",
                    "nereid_track_packets_total", "nereid_track_loss_ratio", "nereid_track_nacks_total",
                    "nereid_track_keyframe_requests_total", "jvm_memory_heap_used_bytes", "jvm_gc_collections_total")) {
                assertTrue(samples.containsKey(family), family + " in " + metrics.body());
            }
            assertTrue(samples.get("nereid_track_bytes_total").stream().anyMatch(l -> l.get("direction").equals("down")
                    && Double.parseDouble(l.get("__value")) > 0), "bytes sent to the receiver");

            // the page, for an administrator
            BrowserContext adminContext = browser.newContext(new Browser.NewContextOptions()
                    .setHttpCredentials(new HttpCredentials("root", "hunter2")));
            Page page = adminContext.newPage();
            page.navigate(server.base() + "/stats.html");
            assertThat(page.locator("h2")).hasText("meet");
            assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("alice"))
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("video")))
                    .not().hasCount(0);
            assertThat(page.locator("#status")).hasText(Pattern.compile("^Updated"));
            Path shots = Paths.get(System.getProperty("nereid.screenshots", "target/screenshots"));
            Files.createDirectories(shots);
            page.setViewportSize(1400, 400);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("stats-page.png")));

            // the publisher leaves: its tracks and the receiver's copies go
            aliceContext.close();
            JsonNode after = statsUntil(server, j -> track(j, "alice", "up", "video") == null
                    && track(j, "bob", "down", "video") == null);
            assertEquals(null, track(after, "alice", "up", "video"), after.toString());
            assertEquals(null, track(after, "bob", "down", "video"), after.toString());
            assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("down"))).hasCount(0);
        } finally {
            if (signal.get() != null) {
                signal.get().close();
            }
            sfu.close();
        }
    }

    private static Page join(Page page, RunningServer server, String user, String password, String present) {
        page.navigate(server.base() + "/group/meet/");
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#present-choice").selectOption(present);
        page.locator("#connect").click();
        assertThat(page.locator("body")).hasClass(Pattern.compile("\\bjoined\\b"));
        return page;
    }

    private static JsonNode stats(RunningServer server) throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/stats.json"))
                .header("Authorization", ADMIN));
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolClient.JSON.readTree(r.body());
    }

    /** Polls /stats.json for up to 20 s until {@code condition} holds; returns the last document. */
    private static JsonNode statsUntil(RunningServer server, Predicate<JsonNode> condition) throws Exception {
        JsonNode last = stats(server);
        for (int i = 0; i < 80 && !condition.test(last); i++) {
            Thread.sleep(250);
            last = stats(server);
        }
        return last;
    }

    /** The first {@code kind} track of {@code user}'s {@code direction} streams in group meet, or null. */
    private static JsonNode track(JsonNode stats, String user, String direction, String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode group : stats) {
            if (!group.path("name").asText().equals("meet")) {
                continue;
            }
            for (JsonNode client : group.path("clients")) {
                if (!client.path("username").asText().equals(user)) {
                    continue;
                }
                for (JsonNode conn : client.path(direction)) {
                    for (JsonNode t : conn.path("tracks")) {
                        if (t.path("kind").asText().equals(kind)) {
                            found.add(t);
                        }
                    }
                }
            }
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
