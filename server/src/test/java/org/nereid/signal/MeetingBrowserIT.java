package org.nereid.signal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.client.MeetingPages;
import org.nereid.stats.ClientStats;
import org.nereid.stats.GroupStats;
import org.nereid.stats.TrackStats;
import org.nereid.testing.Chromium;
import org.nereid.testing.RunningServer;

import java.nio.file.Path;
import java.util.List;

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
        try (SfuServer media = SfuServer.start(dir);
             Chromium chromium = Chromium.launch()) {
            RunningServer server = media.server;
            Browser browser = chromium.browser();
            server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                    + " \"bob\": {\"password\": \"bpw\", \"permissions\": \"present\"}}}");
            String meet = server.base() + "/group/meet/";
            Page alice = MeetingPages.join(pageWithCamera(browser), meet, "alice", "apw", "both");
            Page bob = MeetingPages.join(pageWithCamera(browser), meet, "bob", "bpw", "");
            assertThat(bob.locator("#videos video")).hasCount(1);
            bob.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 0; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(20000));
            assertThat(alice.locator("#videos video")).hasCount(1);
            SignalStats stats = new SignalStats(media.signal().registry());
            long first = upVideoPackets(stats, "alice");
            assertTrue(first > 0, "the publisher's up video track has counted packets");
            long later = first;
            for (int i = 0; i < 100 && later <= first; i++) {
                Thread.sleep(50);
                later = upVideoPackets(stats, "alice");
            }
            assertTrue(later > first, "the packet count grows while the camera is published");
        }
    }

    /** The packets counted on {@code user}'s up video track, from the statistics as .stats reads them. */
    private static long upVideoPackets(SignalStats stats, String user) {
        GroupStats group = stats.groups().stream().filter(g -> g.name().equals("meet")).findFirst().orElseThrow();
        ClientStats client = group.clients().stream().filter(c -> user.equals(c.username())).findFirst().orElseThrow();
        return client.up().stream().flatMap(c -> c.tracks().stream()).filter(t -> t.kind().equals("video"))
                .mapToLong(TrackStats::packets).sum();
    }

    private static Page pageWithCamera(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
    }
}
