package org.nereid.cluster;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
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
 * page having sent it again; when a lone server is stopped and started on the same port, it
 * rejoins; a kicked user stays out.
 */
class ReconnectBrowserIT {
    private static final String PLAYING = "() => Object.values(window.nereidPage.streams ? window.nereidPage.streams.down : {})"
            + ".length > 0 && document.querySelector('#videos video') !== null";
    private static final Pattern JOINED = Pattern.compile("\\bjoined\\b");

    @Test
    void whenTheHostingNodeIsKilledThePagesComeBackAtTheOtherNodeAndTheVideoPlaysAgain() throws Exception {
        int[] http = {NodeProcess.freePort(), NodeProcess.freePort()};
        int[] cluster = {NodeProcess.freePort(), NodeProcess.freePort()};
        String origins = "\"http://127.0.0.1:" + http[0] + "\",\"http://127.0.0.1:" + http[1] + "\"";
        List<NodeProcess> nodes = NodeProcess.startCluster(Path.of("target", "reconnect-it", "cluster"), http, cluster,
                i -> List.of(), home -> writeHome(home, origins), ClusterIT.START);
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);
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
            awaitFramesDecoded(viewer);
            speaker.evaluate("() => nereidPage.media.setMuted(true)");

            a.kill9();
            // nobody touches the pages: they say they reconnect, then are back in the group at B
            assertThat(viewer.locator("#reconnect-banner")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15000));
            assertThat(viewer.locator("#reconnect-text")).containsText("Reconnecting… attempt");
            assertThat(viewer.locator("#login")).not().isVisible();
            for (Page p : new Page[] {viewer, speaker}) {
                p.waitForFunction("port => nereidPage.conn && nereidPage.conn.group === 'class'"
                        + " && nereidPage.status.endpoint.endsWith(':' + port + '/ws')", b.httpPort,
                        new Page.WaitForFunctionOptions().setTimeout(60000));
                assertThat(p.locator("body")).hasClass(JOINED);
                assertThat(p.locator("#reconnect-banner")).isHidden();
            }
            // the speaker's page sends its camera again, still muted; the viewer plays it again
            speaker.waitForFunction("() => nereidPage.media.camera && Object.keys(nereidPage.streams.up).length > 0",
                    null, new Page.WaitForFunctionOptions().setTimeout(20000));
            assertEquals(true, speaker.evaluate("() => nereidPage.media.muted"
                    + " && nereidPage.media.camera.getAudioTracks().every(t => !t.enabled)"));
            awaitFramesDecoded(viewer);

            // an operator at B kicks the viewer: it shows why and does not come back
            try (WebSocketClient op = WebSocketClient.connect(b.httpPort, "op-at-b")) {
                op.joinOk("class", "op", "pw");
                String viewerId = (String) viewer.evaluate("() => nereidPage.conn.id");
                op.send(ProtocolClient.msg("useraction", "kind", "kick", "source", op.id, "dest", viewerId,
                        "value", "enough"));
                assertThat(viewer.locator("#login-error")).containsText("enough",
                        new LocatorAssertions.ContainsTextOptions().setTimeout(15000));
                Thread.sleep(5000); // longer than the first tries' delays
                assertEquals(true, viewer.evaluate("() => nereidPage.conn === null && nereidPage.reconnect === null"));
                assertThat(viewer.locator("#reconnect-banner")).isHidden();
                assertThat(viewer.locator("#login")).isVisible();
            }
        } finally {
            NodeProcess.closeAll(a, b);
        }
    }

    @Test
    void aServerStoppedAndStartedAgainOnTheSamePortHasThePageBack() throws Exception {
        Path home = Path.of("target", "reconnect-it", "alone").toAbsolutePath();
        NodeProcess.deleteTree(home);
        Files.createDirectories(home.resolve("groups"));
        Files.createDirectories(home.resolve("data/var"));
        int port = NodeProcess.freePort();
        writeHome(home, "\"http://127.0.0.1:" + port + "\"");
        NodeProcess server = NodeProcess.start("alone", home, port, List.of(), List.of());
        NodeProcess again = null;
        try (Chromium chromium = Chromium.launch()) {
            server.awaitListening(ClusterIT.START);
            Page viewer = MeetingPages.join(chromium.browser().newPage(), server.uri("/group/class/").toString(),
                    "viewer", "pw", "");
            // a stop (SIGTERM) sends everyone away with 1012, "come back"
            server.sigterm();
            assertTrue(server.awaitExit(Duration.ofSeconds(30)), "the server stops");
            assertThat(viewer.locator("#reconnect-banner")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(10000));
            again = NodeProcess.start("alone-again", home, port, List.of(), List.of());
            again.awaitListening(ClusterIT.START);
            try (WebSocketClient op = WebSocketClient.connect(port, "op-there")) {
                op.joinOk("class", "op", "pw");
                op.expect(m -> m.path("type").asText().equals("user") && m.path("kind").asText().equals("add")
                        && m.path("username").asText().equals("viewer"), "the viewer back");
            }
            assertThat(viewer.locator("body")).hasClass(JOINED);
            assertThat(viewer.locator("#reconnect-banner")).isHidden();
        } finally {
            NodeProcess.closeAll(server, again);
        }
    }

    private static void writeHome(Path home, String origins) throws java.io.IOException {
        Files.writeString(home.resolve("groups/class.json"), "{\"users\": {"
                + "\"op\": {\"password\": \"pw\", \"permissions\": \"op\"},"
                + "\"speaker\": {\"password\": \"pw\", \"permissions\": \"present\"},"
                + "\"viewer\": {\"password\": \"pw\", \"permissions\": \"message\"}}}\n");
        Files.writeString(home.resolve("data/config.json"), "{\"users\": {\"admin\": {\"password\": \"pw\", "
                + "\"permissions\": \"admin\"}}, \"allowOrigin\": [" + origins + "]}\n");
    }

    private static Page withCamera(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
    }

    /** Waits until the page decodes video, and decodes more frames two seconds later. */
    private static void awaitFramesDecoded(Page page) {
        page.waitForFunction(PLAYING, null, new Page.WaitForFunctionOptions().setTimeout(60000));
        String decoded = "async () => { let n = 0; for (const s of Object.values(nereidPage.streams.down)) {"
                + " (await s.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video')"
                + " n += r.framesDecoded || 0; }); } return n; }";
        page.waitForFunction(decoded.replace("return n;", "return n > 0;"), null,
                new Page.WaitForFunctionOptions().setTimeout(60000).setPollingInterval(500));
        double before = ((Number) page.evaluate(decoded)).doubleValue();
        page.waitForTimeout(2000);
        double after = ((Number) page.evaluate(decoded)).doubleValue();
        assertTrue(after > before + 10, "frames decoded rising: " + before + " then " + after);
    }
}
