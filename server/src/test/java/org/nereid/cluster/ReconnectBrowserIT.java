package org.nereid.cluster;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nereid.client.MeetingPages;
import org.nereid.signal.ProtocolClient;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.Chromium;

/**
 * Nereid's meeting page comes back by itself (docs/web-client.md, "Reconnecting"): when the
 * node hosting its group is killed, it reads the group's {@code .status} again, joins at the new
 * host with the credentials it was given and plays the publisher's camera again, the publisher's
 * page having sent it again; when the server is then stopped and started again, alone, on the
 * same port, the publisher's page rejoins; a kicked user stays out, and so does one who pressed Stop.
 * A guest who joined with a single-use invitation comes back both times with the rejoin
 * credential the dead node gave (the key is the cluster's, and kept on disk), and the invitation
 * still counts one use.
 */
class ReconnectBrowserIT {
    private static final String PLAYING = "() => Object.values(window.nereidPage.streams ? window.nereidPage.streams.down : {})"
            + ".length > 0 && document.querySelector('#videos video') !== null";
    private static final Pattern JOINED = Pattern.compile("\\bjoined\\b");

    @Test
    void pagesComeBackAfterTheHostingNodeDiesAndAfterARestartButNotAfterAKick() throws Exception {
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort()};
        String origins = "\"http://127.0.0.1:" + http[0] + "\",\"http://127.0.0.1:" + http[1] + "\"";
        // a planned stop of B drains for 1 s, then sends its members away to come back (1012)
        List<NodeProcess> nodes = NodeProcess.startCluster(Path.of("target", "reconnect-it"), http, cluster,
                i -> List.of("-cluster-drain-timeout", "1s"), home -> writeHome(home, origins), ClusterIT.START);
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);
        NodeProcess alone = null;
        try (Chromium chromium = Chromium.launch();
             WebSocketClient first = WebSocketClient.connect(a.httpPort, "first-at-a")) {
            CascadeIT.awaitJson(b, "/galene-api/v0/.cluster", doc -> doc.path("nodes").size() == 2, "both nodes");
            // the first join at A makes A the host; pages served by B follow B's .status there
            first.joinOk("class", "op", "pw");
            Page speaker = MeetingPages.join(withCamera(chromium.browser()), b.uri("/group/class/").toString(),
                    "speaker", "pw", "both");
            Page viewer = MeetingPages.join(chromium.browser().newPage(), b.uri("/group/class/").toString(),
                    "viewer", "pw", "");
            assertEquals("ws://127.0.0.1:" + a.httpPort + "/ws", viewer.evaluate("() => nereidPage.status.endpoint"));
            Page guest = joinAsGuest(chromium.browser().newPage(), b, singleUseInvitation(b));
            awaitFramesDecoded(viewer);
            speaker.evaluate("() => nereidPage.media.setMuted(true)");

            a.kill9();
            // nobody touches the pages: they say they reconnect, then are back in the group at B
            assertReconnecting(viewer);
            assertThat(viewer.locator("#reconnect-text")).containsText("Reconnecting… attempt");
            assertThat(viewer.locator("#login")).not().isVisible();
            for (Page p : new Page[] {viewer, speaker, guest}) {
                awaitBack(p, b.httpPort);
            }
            // the speaker's page sends its camera again, still muted; the viewer plays it again
            awaitSending(speaker);
            awaitFramesDecoded(viewer);

            // an operator at B kicks the viewer: it shows why and stays out
            try (WebSocketClient op = WebSocketClient.connect(b.httpPort, "op-at-b")) {
                op.joinOk("class", "op", "pw");
                String viewerId = (String) viewer.evaluate("() => nereidPage.conn.id");
                op.send(ProtocolClient.msg("useraction", "kind", "kick", "source", op.id, "dest", viewerId,
                        "value", "enough"));
                assertThat(viewer.locator("#login-error")).containsText("enough",
                        new LocatorAssertions.ContainsTextOptions().setTimeout(15000));
            }

            // B, now alone, is stopped and started again on the same port (without -cluster): the
            // speaker's page comes back by itself; the kicked viewer, given all that time, does not,
            // nor does a third page whose user pressed Stop while it reconnected
            Page stopper = MeetingPages.join(chromium.browser().newPage(), b.uri("/group/class/").toString(),
                    "other", "pw", "");
            b.sigterm();
            assertTrue(b.awaitExit(Duration.ofSeconds(60)), "B stops after its 1 s drain");
            assertReconnecting(speaker);
            stopper.locator("#reconnect-stop").click();
            assertThat(stopper.locator("#login-error")).containsText("You stopped reconnecting");
            alone = NodeProcess.start("b-again", b.dir, b.httpPort, List.of(), List.of());
            alone.awaitListening(ClusterIT.START);
            awaitBack(speaker, b.httpPort);
            awaitSending(speaker);
            awaitBack(guest, b.httpPort);
            String tokens = Files.readString(b.dir.resolve("data/var/tokens.jsonl"));
            assertTrue(tokens.contains("\"max-uses\":1,\"uses\":1"), "two rejoins spent no use: " + tokens);
            assertEquals(true, viewer.evaluate("() => nereidPage.conn === null && nereidPage.reconnect === null"));
            assertThat(viewer.locator("#reconnect-banner")).isHidden();
            assertThat(viewer.locator("#login")).isVisible();
            assertEquals(true, stopper.evaluate("() => nereidPage.conn === null && nereidPage.reconnect === null"));
            assertThat(stopper.locator("#login")).isVisible();
        } finally {
            NodeProcess.closeAll(a, b, alone);
        }
    }

    /** A single-use join invitation to the group, made through B's admin API (so the cluster's). */
    private static String singleUseInvitation(NodeProcess b) throws Exception {
        HttpResponse<String> r = b.send(HttpRequest.newBuilder(b.uri("/galene-api/v0/.groups/class/.tokens/"))
                .header("Authorization", NodeProcess.ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"max-uses\": 1, \"permissions\": [\"message\"],"
                        + " \"expires\": \"2099-01-01T00:00:00Z\"}")));
        assertEquals(201, r.statusCode(), r::body);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Opens the invitation link on B and joins with it as "guest"; the page holds a rejoin credential. */
    private static Page joinAsGuest(Page page, NodeProcess b, String token) {
        page.navigate(b.uri("/group/class/?token=" + token).toString());
        page.locator("#inv-username").fill("guest");
        page.locator("#inv-username").press("Enter");
        assertThat(page.locator("body")).hasClass(JOINED, new LocatorAssertions.HasClassOptions().setTimeout(20000));
        assertEquals(true, page.evaluate("() => nereidPage.rejoin !== null && nereidPage.rejoin.username === 'guest'"));
        return page;
    }

    /** Waits until the page says it reconnects; if it does not, says what the page shows instead. */
    private static void assertReconnecting(Page p) {
        try {
            assertThat(p.locator("#reconnect-banner")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15000));
        } catch (AssertionError e) {
            throw new AssertionError("the page does not say it reconnects; it shows: " + p.evaluate("() => JSON.stringify({"
                    + " connected: !!nereidPage.conn, reconnecting: !!nereidPage.reconnect, kickedBy: nereidPage.kickedBy,"
                    + " login: document.querySelector('#login').open,"
                    + " error: (document.querySelector('#login-error') || {}).textContent })"), e);
        }
    }

    /** Waits until the page is in the group again by itself, at the node on {@code port}. */
    private static void awaitBack(Page p, int port) {
        p.waitForFunction("port => nereidPage.conn && nereidPage.conn.group === 'class' && !nereidPage.reconnect"
                + " && nereidPage.status.endpoint.endsWith(':' + port + '/ws')", port,
                new Page.WaitForFunctionOptions().setTimeout(60000));
        assertThat(p.locator("body")).hasClass(JOINED);
        assertThat(p.locator("#reconnect-banner")).isHidden();
    }

    /** Waits until the speaker's page sends its camera again, muted as before. */
    private static void awaitSending(Page speaker) {
        speaker.waitForFunction("() => nereidPage.media.camera && Object.keys(nereidPage.streams.up).length > 0",
                null, new Page.WaitForFunctionOptions().setTimeout(20000));
        assertEquals(true, speaker.evaluate("() => nereidPage.media.muted"
                + " && nereidPage.media.camera.getAudioTracks().every(t => !t.enabled)"));
    }

    private static void writeHome(Path home, String origins) throws java.io.IOException {
        Files.writeString(home.resolve("groups/class.json"), "{\"users\": {"
                + "\"op\": {\"password\": \"pw\", \"permissions\": \"op\"},"
                + "\"speaker\": {\"password\": \"pw\", \"permissions\": \"present\"},"
                + "\"viewer\": {\"password\": \"pw\", \"permissions\": \"message\"},"
                + "\"other\": {\"password\": \"pw\", \"permissions\": \"message\"}}}\n");
        NodeProcess.writeConfig(home, origins);
    }

    private static Page withCamera(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
    }

    /**
     * Waits until the page decodes video, then until it has decoded ten frames more (a playing
     * stream, not one picture; a machine shared with two nodes and four pages may pause it a while).
     */
    private static void awaitFramesDecoded(Page page) {
        page.waitForFunction(PLAYING, null, new Page.WaitForFunctionOptions().setTimeout(60000));
        String decoded = "async () => { let n = 0; for (const s of Object.values(nereidPage.streams.down)) {"
                + " (await s.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video')"
                + " n += r.framesDecoded || 0; }); } return n; }";
        page.waitForFunction(decoded.replace("return n;", "return n > 0;"), null,
                new Page.WaitForFunctionOptions().setTimeout(60000).setPollingInterval(500));
        double before = ((Number) page.evaluate(decoded)).doubleValue();
        try {
            page.waitForFunction(decoded.replace("return n;", "return n > " + (before + 10) + ";"), null,
                    new Page.WaitForFunctionOptions().setTimeout(20000).setPollingInterval(500));
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("frames decoded not rising in 20 s: " + before + " then "
                    + page.evaluate(decoded), e);
        }
    }
}
