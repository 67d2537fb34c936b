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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nereid.client.MeetingPages;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.Chromium;

/**
 * Cascading (docs/cluster.md): three Nereid processes on loopback with {@code -cluster-cascade 2}.
 * Once the hosting node A has two clients in the group, a newcomer's {@code .status} names a
 * helping node (B or C, the least loaded), whose mirror of the group gets A's streams over a
 * node-to-node relay (A's down connection, the helper's up connection, ICE and DTLS-SRTP between
 * the nodes' media ports), and the newcomer's Chromium plays the camera published at A from the
 * helper's own down tracks; once that helper's load is published, the next newcomer is placed at
 * the other helper and plays it too. A late speaker placed at a helper publishes: A and both
 * helpers' pages decode it (the other helper through A). When A dies, the helper ends its mirror
 * and sends its members away, with a sentence that says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CascadeIT {
    NodeProcess a;
    NodeProcess b;
    NodeProcess c;

    @BeforeAll
    void startThreeNodes() throws Exception {
        Path dir = Path.of("target", "cascade-it");
        NodeProcess.deleteTree(dir);
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
        String origins = "\"http://127.0.0.1:" + http[0] + "\",\"http://127.0.0.1:" + http[1]
                + "\",\"http://127.0.0.1:" + http[2] + "\"";
        String[] names = {"a", "b", "c"};
        NodeProcess[] nodes = new NodeProcess[3];
        for (int i = 0; i < 3; i++) {
            Path home = dir.resolve(names[i]);
            Files.createDirectories(home.resolve("groups"));
            Files.createDirectories(home.resolve("data/var"));
            Files.writeString(home.resolve("groups/hall.json"), "{\"public\": true, \"users\": {"
                    + "\"speaker\": {\"password\": \"pw\", \"permissions\": \"present\"},"
                    + "\"watcher\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                    + "\"listener\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                    + "\"viewer\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                    + "\"late\": {\"password\": \"pw\", \"permissions\": \"present\"}}}\n");
            NodeProcess.writeConfig(home, origins);
            String peers = "127.0.0.1:" + cluster[i] + ",127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1]
                    + ",127.0.0.1:" + cluster[2];
            nodes[i] = NodeProcess.start(names[i], home, http[i], List.of(),
                    List.of("-cluster", peers, "-cluster-cascade", "2", "-udp-range", (42000 + 100 * i) + "-" + (42019 + 100 * i)));
            // the first node forms the cluster; the others join it
            nodes[i].awaitListening(ClusterIT.START);
        }
        a = nodes[0];
        b = nodes[1];
        c = nodes[2];
        awaitJson(c, "/galene-api/v0/.cluster", doc -> doc.path("nodes").size() == 3, "all three nodes");
    }

    @AfterAll
    void stop() throws Exception {
        for (NodeProcess n : new NodeProcess[] {a, b, c}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void newcomersOverTheThresholdArePlacedOnBothHelpingNodesAndPlayTheCamerasRelayedThroughTheHost() throws Exception {
        try (Chromium chromium = Chromium.launch();
             WebSocketClient second = WebSocketClient.connect(a.httpPort, "second-at-a")) {
            // the first join at A makes A the host; the speaker's page follows .status there
            second.joinOk("hall", "watcher", "pw");
            Page speaker = chromium.browser().newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))).newPage();
            MeetingPages.join(speaker, a.uri("/group/hall/").toString(), "speaker", "pw", "both");

            // two clients at A, the threshold: A's .status now sends newcomers to the least loaded
            // helping node (B and C are both idle: either may come first)
            JsonNode status = awaitJson(a, "/group/hall/.status", s -> helperNamed(s) != null,
                    "A's .status naming a helping node");
            assertEquals(2, status.path("clientCount").asInt(), status::toString);
            NodeProcess near = helperNamed(status);
            NodeProcess far = near == b ? c : b;

            // a newcomer opens the group's page at A and, following .status, joins at that helper
            Page listener = MeetingPages.join(chromium.browser().newPage(), a.uri("/group/hall/").toString(),
                    "listener", "pw", "");
            listener.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 1; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(60000));

            // the newcomer is the helper's client and gets its video from the helper's down track;
            // A sends it once, to the helper
            awaitJson(near, "/galene-api/v0/.stats", stats -> receives(stats, "listener"),
                    "the listener receiving at " + near.name);
            JsonNode atA = awaitJson(a, "/galene-api/v0/.stats", stats -> receives(stats, "relay to "),
                    "A feeding the relay to " + near.name);
            // at A the listener is only a stand-in for presence and chat (CascadeChatIT): A sends it nothing
            assertTrue(client(atA, "listener").stream().allMatch(l -> l.path("down").isEmpty()),
                    () -> "A sends the listener nothing itself: " + atA);
            awaitJson(near, "/galene-api/v0/.stats", stats -> client(stats, "speaker").isEmpty()
                    && !client(stats, "relay from ").isEmpty(), near.name + "'s relay publishing, the speaker only at A");

            // once the helper's load (the listener, the mirror) is published, the next newcomer is
            // placed at the other helper, which gets A's camera over its own relay
            awaitJson(a, "/group/hall/.status", s -> helperNamed(s) == far, "A's .status naming " + far.name);
            Page viewer = MeetingPages.join(chromium.browser().newPage(), a.uri("/group/hall/").toString(),
                    "viewer", "pw", "");
            awaitJson(far, "/galene-api/v0/.stats", stats -> receives(stats, "viewer")
                    && client(stats, "speaker").isEmpty() && !client(stats, "relay from ").isEmpty(),
                    "the viewer receiving at " + far.name + " from its mirror");
            assertFramesRise(viewer, "speaker");
            assertFramesRise(listener, "speaker");
            awaitJson(a, "/galene-api/v0/.stats", stats -> client(stats, "relay to ").size() == 2
                    && client(stats, "relay to ").stream().allMatch(r -> hasVideo(r, "down")),
                    "A feeding both helpers");

            // a late speaker, placed at a helper too, publishes its camera: that helper's page plays
            // it from there; the helper relays it once to A (its down connection, A's up connection),
            // where the late speaker's stand-in publishes it as the late speaker's, for the speaker's
            // page, A's other client and the relay to the other helper, whose page plays it from there
            second.send(ProtocolClient.msg("request", "request", Map.of("", List.of("audio", "video"))));
            Page late = MeetingPages.join(chromium.browser().newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))).newPage(), a.uri("/group/hall/").toString(),
                    "late", "pw", "both");
            NodeProcess lateAt = awaitPublishing("late");
            NodeProcess other = lateAt == b ? c : b;
            assertFramesRise(speaker, "late");
            assertFramesRise(listener, "late");
            assertFramesRise(viewer, "late");
            JsonNode offer = second.expect(m -> m.path("type").asText().equals("offer")
                    && m.path("username").asText().equals("late"), "the late speaker's camera offered at A");
            String camera = offer.path("id").asText();
            assertEquals("camera", offer.path("label").asText(), offer::toString);
            JsonNode upAtA = awaitJson(a, "/galene-api/v0/.stats", stats -> sends(stats, "late", "up")
                    && sends(stats, "speaker", "down"), "the late speaker's stand-in publishing at A");
            assertEquals(offer.path("source").asText(), client(upAtA, "late").get(0).path("id").asText(),
                    "the stream's source is the late speaker, as A knows it");
            // it went up once, and does not come back down to its own helper: of A's two feeds only
            // the one to the other helper carries it, and the other helper's mirror publishes it
            JsonNode relays = awaitJson(lateAt, "/galene-api/v0/.stats", stats -> ids(stats, "relay from ", "down")
                    .contains(camera), lateAt.name + "'s mirror receiving the late speaker's camera");
            assertTrue(!ids(relays, "relay from ", "up").contains(camera), relays::toString);
            JsonNode feeds = awaitJson(a, "/galene-api/v0/.stats", stats -> feedsCarrying(stats, camera) > 0,
                    "A relaying the late speaker's camera to " + other.name);
            assertEquals(1, feedsCarrying(feeds, camera), () -> "A sends the stream back: " + feeds);
            awaitJson(other, "/galene-api/v0/.stats", stats -> ids(stats, "relay from ", "up").contains(camera),
                    other.name + "'s mirror publishing the late speaker's camera");

            // the late speaker turns its camera off: its stream ends at A and at the other helper too
            late.locator("#disable").click();
            second.expect(m -> m.path("type").asText().equals("close") && m.path("id").asText().equals(camera),
                    "the close of the late speaker's camera at A");
            speaker.locator(lateVideo("late")).waitFor(new Locator.WaitForOptions()
                    .setState(WaitForSelectorState.DETACHED).setTimeout(20000));
            awaitJson(a, "/galene-api/v0/.stats", stats -> !ids(stats, "late", "up").contains(camera),
                    "the stand-in's stream gone at A");
            awaitJson(other, "/galene-api/v0/.stats", stats -> !ids(stats, "relay from ", "up").contains(camera),
                    "the late speaker's camera gone at " + other.name);
            late.context().close();
            viewer.close();

            // the hosting node dies: the helper ends its mirror and, the group's order gone with the
            // host, sends the mirror's members away, saying why, with "come back" (1012): the page
            // joins again by itself, and the helper, where the group is placed anew, hosts it
            a.kill9();
            listener.waitForFunction("() => document.querySelectorAll('#videos video').length === 0"
                    + " && document.body.innerText.includes('hosted this group has gone away')", null,
                    new Page.WaitForFunctionOptions().setTimeout(30000));
            awaitJson(near, "/galene-api/v0/.stats", stats -> client(stats, "relay from ").isEmpty(),
                    near.name + " without the mirror");
            awaitRejoined(listener);
            awaitJson(near, "/galene-api/v0/.stats", stats -> !client(stats, "listener").isEmpty()
                    && client(stats, "relay from ").isEmpty(), "the listener back at " + near.name + ", now the host");
        }
    }

    /** Waits until the page is in the group again by itself; if it is not, says what the page shows instead. */
    private static void awaitRejoined(Page page) {
        try {
            page.waitForFunction("() => nereidPage.conn && nereidPage.conn.group === 'hall' && !nereidPage.reconnect",
                    null, new Page.WaitForFunctionOptions().setTimeout(60000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("the page is not back in the group; it shows: " + page.evaluate("() => JSON.stringify({"
                    + " connected: !!nereidPage.conn, reconnecting: nereidPage.reconnect && nereidPage.reconnect.attempt,"
                    + " endpoint: nereidPage.status.endpoint, kickedBy: nereidPage.kickedBy,"
                    + " banner: (document.querySelector('#reconnect-text') || {}).textContent,"
                    + " login: document.querySelector('#login').open,"
                    + " error: (document.querySelector('#login-error') || {}).textContent })"), e);
        }
    }

    /** The helping node (B or C) a group's {@code .status} names as its endpoint, or null. */
    private NodeProcess helperNamed(JsonNode status) {
        String endpoint = status.path("endpoint").asText();
        for (NodeProcess n : new NodeProcess[] {b, c}) {
            if (endpoint.equals("ws://127.0.0.1:" + n.httpPort + "/ws")) {
                return n;
            }
        }
        return null;
    }

    /** The helping node at which a client named {@code username} publishes video, once one does. */
    private NodeProcess awaitPublishing(String username) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            for (NodeProcess n : new NodeProcess[] {b, c}) {
                var r = n.send(HttpRequest.newBuilder(n.uri("/galene-api/v0/.stats"))
                        .header("Authorization", NodeProcess.ADMIN));
                if (r.statusCode() == 200 && sends(ClusterIT.JSON.readTree(r.body()), username, "up")) {
                    return n;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("never " + username + " publishing at a helping node\n" + b.tail() + "\n" + c.tail());
    }

    /** How many of the host's feeds to helping nodes send the stream {@code id}. */
    private static long feedsCarrying(JsonNode stats, String id) {
        return client(stats, "relay to ").stream()
                .filter(f -> StreamSupport.stream(f.path("down").spliterator(), false)
                        .anyMatch(s -> s.path("id").asText().equals(id)))
                .count();
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
        return client(stats, username).stream().anyMatch(c -> hasVideo(c, direction));
    }

    /** Whether {@code client} has a stream in {@code direction} with a track at a video's bitrate. */
    private static boolean hasVideo(JsonNode client, String direction) {
        for (JsonNode stream : client.path(direction)) {
            for (JsonNode t : stream.path("tracks")) {
                if (t.path("bitrate").asLong() > 50_000) {
                    return true;
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
