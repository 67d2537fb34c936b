package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.junitpioneer.jupiter.RetryingTest;
import org.nereid.media.ice.FreePorts;
import org.nereid.testing.NetworkImpairment;

/**
 * Rate control end to end: real Chromium publishing simulcast (h, and l at half size and
 * 100 kbit/s, as Galène's client does) to a receiver whose downlink nftables polices to
 * 400 kbit/s, then lifts. The receiver must drop to the low layer, play smoothly there,
 * and come back up; the publisher must hear (REMB) that its only receiver is weak.
 */
class RateBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLICED_KBYTES = 50;

    private static JsonNode stats(Page page, String id) throws Exception {
        return JSON.readTree((String) page.evaluate("id => stats(id)", id));
    }

    /** The simulcast layer the server forwards on bob's down stream now, "" before any. */
    private static String layer(SfuHarness harness) {
        StreamCounts.TrackCounts video = video(harness);
        return video == null ? "" : video.rid();
    }

    /** Bob's video down track's counts, null before it has one. */
    private static StreamCounts.TrackCounts video(SfuHarness harness) {
        for (StreamCounts s : harness.session("bob").downCounts()) {
            for (StreamCounts.TrackCounts t : s.tracks()) {
                if (t.kind().equals("video")) {
                    return t;
                }
            }
        }
        return null;
    }

    /** How long (ms) bob's down stream took to get on {@code rid}, or -1 when it did not within {@code seconds}. */
    private static long timeToLayer(SfuHarness harness, String rid, double seconds) throws Exception {
        long start = System.nanoTime();
        while (!layer(harness).equals(rid)) {
            if (System.nanoTime() - start > (long) (seconds * 1e9)) {
                return -1;
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Waits up to {@code seconds} for bob's down stream to be on {@code rid}; returns how long it took (ms). */
    private static long awaitLayer(SfuHarness harness, NetworkImpairment network, String rid, double seconds)
            throws Exception {
        long took = timeToLayer(harness, rid, seconds);
        if (took < 0) {
            throw new AssertionError("not on layer " + rid + " within " + seconds + " s: "
                    + harness.session("bob").downCounts() + " " + network.packets());
        }
        return took;
    }

    /**
     * Waits up to {@code seconds} for the receiver to decode {@code frames} more frames than now; returns
     * how long it took (ms). After a switch, the freeze it may have had is over then, and counted.
     */
    private static long awaitFrames(Page bob, int frames, double seconds) throws Exception {
        long start = System.nanoTime();
        int from = stats(bob, "bob-cam").path("framesDecoded").asInt();
        JsonNode now = stats(bob, "bob-cam");
        while (now.path("framesDecoded").asInt() < from + frames) {
            if (System.nanoTime() - start > (long) (seconds * 1e9)) {
                throw new AssertionError("not " + frames + " frames decoded within " + seconds + " s: " + now);
            }
            Thread.sleep(50);
            now = stats(bob, "bob-cam");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @RetryingTest(2)    // a quality bar on a shared 2-core box: two attempts (docs/media.md, "Judged twice")
    void aPolicedReceiverGetsTheLowLayerPlaysSmoothlyAndComesBack() throws Exception {
        int first = FreePorts.range(4);
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
                             "--use-fake-device-for-media-stream", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                             "--allow-loopback-in-peer-connection")));
             Sfu sfu = new Sfu(MediaConfig.ofUdpRange(List.of("127.0.0.1"), first + "-" + (first + 3)));
             SfuHarness harness = new SfuHarness(sfu);
             NetworkImpairment network = NetworkImpairment.onServerPorts(first, first + 3)) {
            Page alice = browser.newPage();
            alice.navigate(harness.url("alice", "vp8,opus"));
            // 720p, so that the high layer needs more than the policed link carries
            alice.evaluate("() => publish('cam', {simulcast: true, width: 1280, height: 720})");
            Page bob = browser.newPage();
            bob.navigate(harness.url("bob", "vp8,opus"));
            bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
            awaitLayer(harness, network, "h", 20);
            long deadline = System.currentTimeMillis() + 20_000;
            // a few seconds on a clean link: the estimate and the publisher's rate climb
            while (stats(bob, "bob-cam").path("framesDecoded").asInt() < 150) {
                assertTrue(System.currentTimeMillis() < deadline, "no picture: " + stats(bob, "bob-cam"));
                Thread.sleep(200);
            }

            // traced and sampled from the cap's onset: a freeze counted in the window may have begun before it
            FreezeWatch freezes = new FreezeWatch(harness);
            freezes.trace(true);
            FreezeWatch.Sample onset = freezes.sample(bob, alice);
            network.policeDown(POLICED_KBYTES);
            long toLow = awaitLayer(harness, network, "l", 5);
            // The window opens once the receiver plays l, 5 s after the cap at the earliest. The switch
            // has a freeze of its own: h, broken by the policer, until l's keyframe is shown (1.6–2.0 s
            // here); a window opened at a fixed time after the cap counted it when the switch came late
            // (docs/media.md, session 15).
            long toPlaying = awaitFrames(bob, 5, 5);
            Thread.sleep(Math.max(0, 5_000 - toLow - toPlaying));
            // the last 20 s of the cap, sampled each second, so that a freeze names its cause
            StreamCounts.TrackCounts downBefore = video(harness);
            long policedBefore = network.packets().getOrDefault("down-policed", 0L);
            FreezeWatch.Sample start = freezes.sample(bob, alice);
            String theSwitch = String.format(Locale.ROOT, "rate control, the switch: l forwarded %d ms after the "
                            + "cap, %d frames decoded %d ms later; %.2f s frozen from the cap to the window", toLow,
                    5, toPlaying, start.frozen() - onset.frozen());
            FreezeWatch.Sample last = start;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(1_000);
                last = freezes.sample(bob, alice);
            }
            freezes.trace(false);
            JsonNode before = start.receiver();
            JsonNode after = last.receiver();
            JsonNode encodedBefore = start.publisher();
            JsonNode encodedAfter = last.publisher();
            StreamCounts.TrackCounts downAfter = video(harness);
            double fps = (after.path("framesDecoded").asInt() - before.path("framesDecoded").asInt()) / 20.0;
            double frozen = after.path("freezeSeconds").asDouble() - before.path("freezeSeconds").asDouble();
            double publisherRate = stats(alice, "cam").path("availableOutgoingBitrate").asDouble();
            String policedLayer = layer(harness);
            long policed = network.packets().getOrDefault("down-policed", 0L);

            System.out.printf("rate control, policed: %.1f fps, %.2f s frozen, layer %s, publisher's available"
                    + " rate %.0f bit/s, %d packets policed%n", fps, frozen, policedLayer, publisherRate, policed);
            // what the last 20 s cost, to tell the link's loss from the encoder's frame rate
            String accounting = String.format(Locale.ROOT, "rate control, the last 20 s (load %s): %d packets "
                            + "policed, l encoded at %.1f fps, receiver %d frames dropped, %d lost; server: %d NACKed, %d resent (%d of them owed by failed probes), "
                            + "%d refused, %d probes, %d padding packets", FreezeWatch.load(), policed - policedBefore,
                    (encodedAfter.path("framesEncoded_l").asInt() - encodedBefore.path("framesEncoded_l").asInt()) / 20.0,
                    after.path("framesDropped").asInt() - before.path("framesDropped").asInt(),
                    after.path("packetsLost").asInt() - before.path("packetsLost").asInt(),
                    downAfter.nacks() - downBefore.nacks(), downAfter.resent() - downBefore.resent(),
                    downAfter.owedRepairs() - downBefore.owedRepairs(),
                    downAfter.resendsRefused() - downBefore.resendsRefused(), downAfter.probes() - downBefore.probes(),
                    downAfter.padding() - downBefore.padding());
            String freezeReport = freezes.report("l");
            System.out.println(theSwitch);
            System.out.println(accounting);
            System.out.println(freezeReport);
            network.policeDown(0);
            // back on h within 15 s of the lift: the receiver's estimate, held down while it got l,
            // must find out that the link carries h again (RateProbe's padding, docs/media.md)
            long toHigh = timeToLayer(harness, "h", 15);
            System.out.printf("rate control: low layer after %d ms; policed %d s: %.1f fps, %.2f s frozen, "
                            + "layer %s at the end, %d packets policed, publisher's available rate %.0f bit/s; "
                            + "high layer %d ms after the cap lifted (-1: not within 15 s); %s%n", toLow, 20, fps, frozen,
                    policedLayer, policed, publisherRate, toHigh, harness.session("bob").downCounts());
            assertTrue(policed > 0, "the policer dropped nothing: the test tested no weak link");
            assertTrue(fps >= 15, "frame rate on the policed link: " + fps + " " + after + "\n" + accounting);
            // the bar. Measured 0.00–2.96 s, over 1 s in 2 of 9 runs at load 5–15
            // (docs/media.md, 7 December): one with resends the low layer's budget refused (now
            // repaired with the failed probe's credit, ResendLimiter.credit), one with every lost packet
            // resent and 16 frames dropped by a CPU-starved Chromium; then 0.00 s in 10 of 10 at
            // load 1–5 (11–19 s before rate control). CI's 2.13 s (session 15), the session's only
            // freeze, was most likely the switch's own, counted while the window opened at 5 s.
            assertTrue(frozen <= 1.0, "frozen on the policed link: " + frozen + " s " + after + "\n" + theSwitch
                    + "\n" + accounting + "\n" + freezeReport);
            assertTrue(publisherRate > 0 && publisherRate < 1_250_000,
                    "the publisher's available outgoing rate follows the REMB: " + publisherRate);
            // the publisher's side too: each layer's rate and what our REMB asked
            assertTrue(toHigh >= 0, "not back on h within 15 s of the lift: " + harness.session("bob").downCounts()
                    + " " + network.packets() + "; publisher: " + harness.session("alice").upCounts());
        }
    }
}
