package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nereid.client.MeetingPages;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.Chromium;

/**
 * Cascading (docs/cluster.md): two Nereid processes on loopback with {@code -cluster-cascade 2}.
 * Once the hosting node A has two clients in the group, a newcomer's {@code .status} names node
 * B, whose mirror of the group gets A's streams over a node-to-node relay (A's down connection,
 * B's up connection, ICE and DTLS-SRTP between the nodes' media ports), and the newcomer's
 * Chromium plays the camera published at A from B's own down tracks. When A dies, B ends the
 * mirror and sends its members away, with a sentence that says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CascadeIT {
    NodeProcess a;
    NodeProcess b;

    @BeforeAll
    void startTwoNodes() throws Exception {
        Path dir = Path.of("target", "cascade-it");
        NodeProcess.deleteTree(dir);
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort()};
        String origins = "\"http://127.0.0.1:" + http[0] + "\",\"http://127.0.0.1:" + http[1] + "\"";
        String[] names = {"a", "b"};
        NodeProcess[] nodes = new NodeProcess[2];
        for (int i = 0; i < 2; i++) {
            Path home = dir.resolve(names[i]);
            Files.createDirectories(home.resolve("groups"));
            Files.createDirectories(home.resolve("data/var"));
            Files.writeString(home.resolve("groups/hall.json"), "{\"public\": true, \"users\": {"
                    + "\"speaker\": {\"password\": \"pw\", \"permissions\": \"present\"},"
                    + "\"watcher\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                    + "\"listener\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                    + "\"late\": {\"password\": \"pw\", \"permissions\": \"present\"}}}\n");
            NodeProcess.writeConfig(home, origins);
            String peers = "127.0.0.1:" + cluster[i] + ",127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1];
            nodes[i] = NodeProcess.start(names[i], home, http[i], List.of(),
                    List.of("-cluster", peers, "-cluster-cascade", "2", "-udp-range", (42000 + 100 * i) + "-" + (42019 + 100 * i)));
            // the first node forms the cluster; the second joins it
            nodes[i].awaitListening(ClusterIT.START);
        }
        a = nodes[0];
        b = nodes[1];
        awaitJson(b, "/galene-api/v0/.cluster", doc -> doc.path("nodes").size() == 2, "both nodes");
    }

    @AfterAll
    void stop() throws Exception {
        for (NodeProcess n : new NodeProcess[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void aNewcomerOverTheThresholdIsPlacedOnTheHelpingNodeAndPlaysTheCameraRelayedFromTheHost() throws Exception {
        try (Chromium chromium = Chromium.launch();
             WebSocketClient second = WebSocketClient.connect(a.httpPort, "second-at-a")) {
            // the first join at A makes A the host; the speaker's page follows .status there
            second.joinOk("hall", "watcher", "pw");
            Page speaker = chromium.browser().newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))).newPage();
            MeetingPages.join(speaker, a.uri("/group/hall/").toString(), "speaker", "pw", "both");

            // two clients at A, the threshold: A's .status now sends newcomers to B
            JsonNode status = awaitJson(a, "/group/hall/.status", s -> s.path("endpoint").asText()
                    .equals("ws://127.0.0.1:" + b.httpPort + "/ws"), "A's .status naming B");
            assertEquals(2, status.path("clientCount").asInt(), status::toString);

            // a newcomer opens the group's page at A and, following .status, joins at B
            Page listener = MeetingPages.join(chromium.browser().newPage(), a.uri("/group/hall/").toString(),
                    "listener", "pw", "");
            listener.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 1; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(60000));

            // the newcomer is B's client and gets its video from B's down track; A sends it once, to B
            awaitJson(b, "/galene-api/v0/.stats", stats -> receives(stats, "listener"),
                    "the listener receiving at B");
            JsonNode atA = awaitJson(a, "/galene-api/v0/.stats", stats -> receives(stats, "relay to "),
                    "A feeding the relay to B");
            // at A the listener is only a stand-in for presence and chat (CascadeChatIT): A sends it nothing
            assertTrue(client(atA, "listener").stream().allMatch(l -> l.path("down").isEmpty()),
                    () -> "A sends the listener nothing itself: " + atA);
            awaitJson(b, "/galene-api/v0/.stats", stats -> client(stats, "speaker").isEmpty()
                    && !client(stats, "relay from ").isEmpty(), "B's relay publishing, the speaker only at A");

            // a late speaker, placed at B too, publishes its camera: B's listener plays it from B, and
            // B relays it once to A (B's down connection, A's up connection), where the late speaker's
            // stand-in publishes it as the late speaker's, for the speaker's page and A's other client
            second.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
            Page late = MeetingPages.join(chromium.browser().newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))).newPage(), a.uri("/group/hall/").toString(),
                    "late", "pw", "both");
            awaitJson(b, "/galene-api/v0/.stats", stats -> sends(stats, "late", "up"), "the late speaker publishing at B");
            assertFramesRise(speaker, "late");
            assertFramesRise(listener, "late");
            JsonNode offer = second.expect(m -> m.path("type").asText().equals("offer")
                    && m.path("username").asText().equals("late"), "the late speaker's camera offered at A");
            String camera = offer.path("id").asText();
            assertEquals("camera", offer.path("label").asText(), offer::toString);
            JsonNode upAtA = awaitJson(a, "/galene-api/v0/.stats", stats -> sends(stats, "late", "up")
                    && sends(stats, "speaker", "down"), "the late speaker's stand-in publishing at A");
            assertEquals(offer.path("source").asText(), client(upAtA, "late").get(0).path("id").asText(),
                    "the stream's source is the late speaker, as A knows it");
            // it went up once, and does not come back down to B: A's feed to B does not receive it
            JsonNode relays = awaitJson(b, "/galene-api/v0/.stats", stats -> ids(stats, "relay from ", "down")
                    .contains(camera), "B's mirror receiving the late speaker's camera");
            assertTrue(!ids(relays, "relay from ", "up").contains(camera), relays::toString);
            assertTrue(!ids(upAtA, "relay to ", "down").contains(camera), () -> "A sends B's stream back: " + upAtA);

            // the late speaker turns its camera off: its stream ends at A too
            late.locator("#disable").click();
            second.expect(m -> m.path("type").asText().equals("close") && m.path("id").asText().equals(camera),
                    "the close of the late speaker's camera at A");
            speaker.locator(lateVideo("late")).waitFor(new Locator.WaitForOptions()
                    .setState(WaitForSelectorState.DETACHED).setTimeout(20000));
            awaitJson(a, "/galene-api/v0/.stats", stats -> !ids(stats, "late", "up").contains(camera),
                    "the stand-in's stream gone at A");
            late.context().close();

            // the hosting node dies: B ends its mirror and, the group's order gone with the host,
            // sends the mirror's members away, saying why, with "come back" (1012): the page joins
            // again by itself, and B, where the group is placed anew, hosts it
            a.kill9();
            listener.waitForFunction("() => document.querySelectorAll('#videos video').length === 0"
                    + " && document.body.innerText.includes('hosted this group has gone away')", null,
                    new Page.WaitForFunctionOptions().setTimeout(30000));
            awaitJson(b, "/galene-api/v0/.stats", stats -> client(stats, "relay from ").isEmpty(), "B without the mirror");
            listener.waitForFunction("() => nereidPage.conn && nereidPage.conn.group === 'hall' && !nereidPage.reconnect",
                    null, new Page.WaitForFunctionOptions().setTimeout(60000));
            awaitJson(b, "/galene-api/v0/.stats", stats -> !client(stats, "listener").isEmpty()
                    && client(stats, "relay from ").isEmpty(), "the listener back at B, now the host");
        }
    }

    /** Whether a client whose name starts with {@code username} receives a video track with a bitrate. */
    private static boolean receives(JsonNode stats, String username) {
        return sends(stats, username, "down");
    }

    /**
     * Whether a client whose name starts with {@code username} has a stream in {@code direction}
     * ({@code up} or {@code down}) with a track at a video's bitrate.
     */
    private static boolean sends(JsonNode stats, String username, String direction) {
        for (JsonNode c : client(stats, username)) {
            for (JsonNode down : c.path(direction)) {
                for (JsonNode t : down.path("tracks")) {
                    if (t.path("bitrate").asLong() > 50_000) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The ids of the streams in {@code direction} of the clients whose name starts with {@code username}. */
    private static Set<String> ids(JsonNode stats, String username, String direction) {
        Set<String> ids = new HashSet<>();
        client(stats, username).forEach(c -> c.path(direction).forEach(s -> ids.add(s.path("id").asText())));
        return ids;
    }

    /** The video of {@code username}'s camera on a meeting page. */
    private static String lateVideo(String username) {
        return ".tile:not(.local):has(.tile-name:text-is('" + username + "')) video";
    }

    /** Frames of {@code username}'s video decoded on {@code page}, read twice to see that they keep coming. */
    private static void assertFramesRise(Page page, String username) {
        Locator video = page.locator(lateVideo(username)).first();
        page.waitForFunction("v => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10",
                video.elementHandle(new Locator.ElementHandleOptions().setTimeout(60000)),
                new Page.WaitForFunctionOptions().setTimeout(60000));
        int before = ((Number) video.evaluate("v => v.getVideoPlaybackQuality().totalVideoFrames")).intValue();
        page.waitForFunction("([v, n]) => v.getVideoPlaybackQuality().totalVideoFrames > n + 10",
                List.of(video.elementHandle(), before), new Page.WaitForFunctionOptions().setTimeout(20000));
    }

    /** The clients of group hall whose username starts with {@code username}. */
    private static List<JsonNode> client(JsonNode stats, String username) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode g : stats) {
            if (g.path("name").asText().equals("hall")) {
                g.path("clients").forEach(c -> {
                    if (c.path("username").asText().startsWith(username)) {
                        found.add(c);
                    }
                });
            }
        }
        return found;
    }

    static JsonNode awaitJson(NodeProcess n, String path, Predicate<JsonNode> until, String what)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode doc = null;
        while (System.nanoTime() < end) {
            var r = n.send(HttpRequest.newBuilder(n.uri(path)).header("Authorization", NodeProcess.ADMIN));
            if (r.statusCode() == 200) {
                doc = ClusterIT.JSON.readTree(r.body());
                if (until.test(doc)) {
                    return doc;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(n.name + ": never " + what + ": " + doc + "\n" + n.tail());
    }
}
