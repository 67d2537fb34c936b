package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.client.MeetingPages;
import org.nereid.connectivity.ConnectivityRoute;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;
import org.nereid.web.Mount;

/**
 * Real Chromium on /connectivity.html against a server with UDP media, ICE-TCP and
 * the built-in TURN server ({@link LoopbackTurn}): on a clean loopback all four paths work; when
 * nftables drops the browser's UDP (to the media port and to TURN), direct UDP and
 * TURN over UDP fail while ICE-TCP and TURN over TCP work. And the meeting page,
 * whose media finds no path at all, links to the page.
 */
class ConnectivityBrowserIT {
    @TempDir
    Path dir;
    private LoopbackTurn turn;

    @AfterEach
    void stop() {
        if (turn != null) {
            turn.close();
        }
    }

    @Test
    void onACleanLoopbackEveryPathWorks() throws Exception {
        try (SfuServer server = start(); Chromium chromium = Chromium.launch()) {
            Map<String, String> results = check(server, chromium, null);
            assertEquals(Map.of("udp", "works", "tcp", "works", "turn-udp", "works", "turn-tcp", "works"), results);
        }
    }

    @Test
    void withTheBrowsersUdpDroppedOnlyTheTcpPathsWork() throws Exception {
        try (SfuServer server = start(); Chromium chromium = Chromium.launch()) {
            turn.dropBrowserUdp(server.mediaPort());
            Map<String, String> results = check(server, chromium, "connectivity-page.png");
            assertEquals(Map.of("udp", "fails", "tcp", "works", "turn-udp", "fails", "turn-tcp", "works"), results);
        }
    }

    @Test
    void theMeetingPageLinksToTheCheckWhenMediaFindsNoPath() throws Exception {
        try (SfuServer server = SfuServer.start(dir); Chromium chromium = Chromium.launch();
             NetworkImpairment net = NetworkImpairment.onServerPorts(server.mediaPort(), server.mediaPort())) {
            net.blockUdp(true);
            server.server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"}}}");
            Page alice = chromium.browser().newContext(new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))).newPage();
            MeetingPages.join(alice, server.server.base() + "/group/meet/", "alice", "apw", "both");
            alice.waitForSelector("#notices a[href='/connectivity.html']",
                    new Page.WaitForSelectorOptions().setTimeout(60000));
            assertTrue(alice.locator("#notices .notice.error").first().textContent().contains("cannot reach the server"));
        }
    }

    /** Opens the page, waits for its verdict and returns each path's state; saves a screenshot if named. */
    private static Map<String, String> check(SfuServer server, Chromium chromium, String screenshot)
            throws IOException {
        Page page = chromium.browser().newPage();
        page.navigate(server.server.base() + "/connectivity.html");
        page.waitForSelector("body[data-done='true']", new Page.WaitForSelectorOptions().setTimeout(60000));
        Map<String, String> results = new LinkedHashMap<>();
        for (String path : List.of("udp", "tcp", "turn-udp", "turn-tcp")) {
            results.put(path, page.locator("#path-" + path).getAttribute("data-state"));
        }
        if (!results.values().stream().allMatch("works"::equals)) {
            assertTrue(page.locator("#advice").isVisible(), "a failing path comes with advice");
        }
        if (screenshot != null) {
            Path shots = Paths.get(System.getProperty("nereid.screenshots", "target/screenshots"));
            Files.createDirectories(shots);
            page.setViewportSize(900, 900);
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve(screenshot)).setFullPage(true));
        }
        return results;
    }

    /** The SFU with ICE-TCP, the built-in TURN server relaying to it, and the probe mounted. */
    private SfuServer start() throws Exception {
        Sfu[] sfu = new Sfu[1];
        MediaConfig media = new MediaConfig(List.of("127.0.0.1"), 0).withIceTcp(0);
        return SfuServer.start(dir, media, s -> {
            sfu[0] = s;
            turn = LoopbackTurn.relayingTo(s, dir);
            return turn.rtcConfiguration(false);
        }, wiring -> wiring.nereid().mount(Mount.CONNECTIVITY,
                n -> new ConnectivityRoute(sfu[0], Integer.toString(sfu[0].udpPort()), turn.server::iceServer)));
    }
}
