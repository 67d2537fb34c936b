package org.nereid.signal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenActions;
import org.nereid.auth.TokenStore;
import org.nereid.media.MediaConfig;
import org.nereid.media.Sfu;
import org.nereid.stats.ClientStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.TrackStats;
import org.nereid.testing.RunningServer;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole chain in a real browser: Nereid's meeting page in Chromium,
 * signalling, and the SFU. One participant publishes its (fake) camera; the
 * other, who only watches, must receive and play it.
 */
class MeetingBrowserIT {

    @TempDir
    Path dir;

    @Test
    void aWatcherSeesThePublishersCamera() throws Exception {
        AtomicReference<SignalService> signal = new AtomicReference<>();
        Sfu sfu = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0));
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> {
            Clock clock = Clock.systemUTC();
            TokenStore tokens = TokenStore.inDataDirectory(n.options().dataDir(), clock);
            SignalService s = Signalling.create(n.groups(), n.config(), new Authoriser(tokens, clock),
                    new TokenActions(tokens, clock), sfu, SignalLimits.defaults(), Signalling::noIceServers, clock);
            n.webSocket(s::newChannelHandler).groupActivity(s.registry());
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
            server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                    + " \"bob\": {\"password\": \"bpw\", \"permissions\": \"present\"}}}");
            Page alice = join(browser, server, "alice", "apw", "both");
            Page bob = join(browser, server, "bob", "bpw", "");
            assertThat(bob.locator("#videos video")).hasCount(1);
            bob.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 0; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(20000));
            assertThat(alice.locator("#videos video")).hasCount(1);
            SignalStats stats = new SignalStats(signal.get().registry());
            long first = upVideoPackets(stats, "alice");
            assertTrue(first > 0, "the publisher's up video track has counted packets");
            long later = first;
            for (int i = 0; i < 100 && later <= first; i++) {
                Thread.sleep(50);
                later = upVideoPackets(stats, "alice");
            }
            assertTrue(later > first, "the packet count grows while the camera is published");
        } finally {
            if (signal.get() != null) {
                signal.get().close();
            }
            sfu.close();
        }
    }

    /** The packets counted on {@code user}'s up video track, from the statistics as .stats reads them. */
    private static long upVideoPackets(SignalStats stats, String user) {
        GroupStats group = stats.groups().stream().filter(g -> g.name().equals("meet")).findFirst().orElseThrow();
        ClientStats client = group.clients().stream().filter(c -> user.equals(c.username())).findFirst().orElseThrow();
        return client.up().stream().flatMap(c -> c.tracks().stream()).filter(t -> t.kind().equals("video"))
                .mapToLong(TrackStats::packets).sum();
    }

    private static Page join(Browser browser, RunningServer server, String user, String password, String present) {
        Page page = browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
        page.navigate(server.base() + "/group/meet/");
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#present-choice").selectOption(present);
        page.locator("#connect").click();
        assertThat(page.locator("body")).hasClass(java.util.regex.Pattern.compile("\\bjoined\\b"));
        return page;
    }
}
