package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junitpioneer.jupiter.RetryingTest;
import org.nereid.media.ice.FreePorts;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;

/**
 * Temporal and spatial layers with real Chromium: what its encoders send (the layer indices
 * the down track reads), and a VP9 SVC receiver whose downlink nftables polices, which must
 * go on decoding at a lower spatial layer that Nereid selects for it, at the bar for
 * a policed receiver (at most 1 s frozen over 20 s, at least T1's frame rate).
 */
class SvcBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLICED_KBYTES = 20;
    private static final int WINDOW_SECONDS = 20;

    private static JsonNode stats(Page page, String id) throws Exception {
        return JSON.readTree((String) page.evaluate("id => stats(id)", id));
    }

    /** Bob's down video track as the server counts it. */
    private static StreamCounts.TrackCounts bobsVideo(SfuHarness harness) {
        return videoOf(harness, "bob");
    }

    private static StreamCounts.TrackCounts videoOf(SfuHarness harness, String client) {
        for (StreamCounts s : harness.session(client).downCounts()) {
            for (StreamCounts.TrackCounts t : s.tracks()) {
                if (t.kind().equals("video")) {
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * One line for one second of the policed receiver: the layers it is sent and the estimate they
     * follow, what it decoded and froze, lost and asked for that second ({@code was}, {@code had}:
     * the second before), and what the server answered. Printed, and the failure's message.
     */
    private static String second(int second, JsonNode s, JsonNode was, StreamCounts.TrackCounts t,
                                 StreamCounts.TrackCounts had) {
        return String.format("%2d s: S%d T%d, estimate %d kbit/s, probes %d; decoded %d, dropped %d, frozen %.2f s,"
                        + " lost %d, plis %d; server: nacks %d, resent %d, refused %d, keyframe requests %d",
                second, t.sublayers().sid(), t.sublayers().tid(), t.maxBitrate() / 1000, t.probes(),
                s.path("framesDecoded").asInt() - was.path("framesDecoded").asInt(),
                s.path("framesDropped").asInt() - was.path("framesDropped").asInt(),
                s.path("freezeSeconds").asDouble() - was.path("freezeSeconds").asDouble(),
                s.path("packetsLost").asInt() - was.path("packetsLost").asInt(),
                s.path("pliCount").asInt() - was.path("pliCount").asInt(),
                t.nacks() - had.nacks(), t.resent() - had.resent(), t.resendsRefused() - had.resendsRefused(),
                t.keyframeRequests() - had.keyframeRequests());
    }

    /**
     * Alice publishes her camera ({@code options} for the page's publish()) in {@code codec};
     * bob subscribes to it; returns bob's page once he has decoded {@code frames} frames.
     */
    private static Page meeting(Chromium chromium, SfuHarness harness, String codec, String options, int frames,
                                long seconds) throws Exception {
        Page alice = chromium.browser().newPage();
        alice.navigate(harness.url("alice", codec + ",opus"));
        alice.evaluate("() => publish('cam', " + options + ")");
        Page bob = chromium.browser().newPage();
        bob.navigate(harness.url("bob", codec + ",opus"));
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (stats(bob, "bob-cam").path("framesDecoded").asInt() < frames) {
            assertTrue(System.currentTimeMillis() < deadline, "no picture: " + stats(bob, "bob-cam"));
            Thread.sleep(200);
        }
        return bob;
    }

    @Test
    void chromiumsSimulcastVp8CarriesThreeTemporalLayers() throws Exception {
        int first = FreePorts.range(4);
        try (Chromium chromium = Chromium.launch();
             Sfu sfu = new Sfu(MediaConfig.ofUdpRange(List.of("127.0.0.1"), first + "-" + (first + 3)));
             SfuHarness harness = new SfuHarness(sfu)) {
            meeting(chromium, harness, "vp8", "{simulcast: true}", 60, 20);
            StreamCounts.TrackCounts video = bobsVideo(harness);
            System.out.println("Chromium's simulcast VP8: " + video);
            assertNotNull(video.sublayers(), "no temporal layers in the VP8 descriptors: " + video);
            assertEquals(2, video.sublayers().maxTid(), "TID 0–2 (L1T3) on each simulcast layer: " + video);
            assertEquals(0, video.sublayers().dropped(), "a clean receiver gets every temporal layer");
        }
    }

    @RetryingTest(2)    // a quality bar on a shared 2-core box: two attempts (docs/media.md, "Judged twice")
    void aPolicedVp9SvcReceiverGoesOnDecodingAtALowerSpatialLayer() throws Exception {
        int first = FreePorts.range(4);
        try (Chromium chromium = Chromium.launch();
             Sfu sfu = new Sfu(MediaConfig.ofUdpRange(List.of("127.0.0.1"), first + "-" + (first + 3)));
             SfuHarness harness = new SfuHarness(sfu);
             NetworkImpairment network = NetworkImpairment.onServerPorts(first, first + 3)) {
            Page bob = meeting(chromium, harness, "vp9",
                    "{codec: 'vp9', scalabilityMode: 'L3T3_KEY', width: 640, height: 360}", 120, 30);
            JsonNode clean = stats(bob, "bob-cam");
            StreamCounts.TrackCounts video = bobsVideo(harness);
            System.out.println("Chromium's VP9 L3T3_KEY, clean: " + video + " " + clean);
            assertNotNull(video.sublayers(), "no layer indices in the VP9 descriptors: " + video);
            // how many spatial layers Chrome sends depends on the rate it has (two of three at ~300 kbit/s)
            assertTrue(video.sublayers().maxSid() >= 1, "spatial layers: " + video);

            // video-low of a stream without simulcast: its lowest spatial layer only, as Galène
            Page carol = chromium.browser().newPage();
            carol.navigate(harness.url("carol", "vp9,opus"));
            carol.evaluate("() => subscribe('carol-cam', 'cam', 'video-low')");
            long lowDeadline = System.currentTimeMillis() + 15_000;
            while (stats(carol, "carol-cam").path("framesDecoded").asInt() < 30) {
                assertTrue(System.currentTimeMillis() < lowDeadline, "no picture for video-low: " + stats(carol, "carol-cam"));
                Thread.sleep(200);
            }
            JsonNode low = stats(carol, "carol-cam");
            StreamCounts.TrackCounts lowVideo = videoOf(harness, "carol");
            System.out.println("VP9 SVC as video-low: " + lowVideo + " " + low);
            assertEquals(0, lowVideo.sublayers().sid(), "video-low gets S0: " + lowVideo);
            assertTrue(lowVideo.sublayers().dropped() > 0, "the upper spatial layers dropped: " + lowVideo);
            assertTrue(low.path("frameHeight").asInt() < clean.path("frameHeight").asInt(),
                    "video-low decodes a lower resolution: " + low);
            carol.close();

            network.policeDown(POLICED_KBYTES);
            long deadline = System.currentTimeMillis() + 15_000;
            while (bobsVideo(harness).sublayers().sid() >= bobsVideo(harness).sublayers().maxSid()) {
                assertTrue(System.currentTimeMillis() < deadline, "still on the top spatial layer: "
                        + bobsVideo(harness) + " " + network.packets());
                Thread.sleep(200);
            }
            JsonNode before = null;
            JsonNode after = stats(bob, "bob-cam");
            StreamCounts.TrackCounts had = bobsVideo(harness);
            StringBuilder trace = new StringBuilder();
            // the bar for a policed receiver: its last 20 s, after 5 s on the lower layer
            for (int second = 1; second <= 5 + WINDOW_SECONDS; second++) {
                Thread.sleep(1_000);
                JsonNode was = after;
                after = stats(bob, "bob-cam");
                StreamCounts.TrackCounts now = bobsVideo(harness);
                String line = second(second, after, was, now, had);
                System.out.println("  " + line);
                trace.append('\n').append(line);
                had = now;
                if (second == 5) {
                    before = after;
                }
            }
            StreamCounts.TrackCounts thinned = bobsVideo(harness);
            double fps = (after.path("framesDecoded").asInt() - before.path("framesDecoded").asInt())
                    / (double) WINDOW_SECONDS;
            double freezes = after.path("freezeSeconds").asDouble() - before.path("freezeSeconds").asDouble();
            System.out.printf("VP9 SVC, policed to %d kB/s: %.1f fps, %.2f s frozen, %dx%d (clean %dx%d); %s; %s%n",
                    POLICED_KBYTES, fps, freezes, after.path("frameWidth").asInt(), after.path("frameHeight").asInt(),
                    clean.path("frameWidth").asInt(), clean.path("frameHeight").asInt(), thinned, network.packets());
            assertTrue(thinned.sublayers().dropped() > 0, "nothing dropped for the policed receiver: " + thinned);
            assertTrue(thinned.sublayers().sid() < thinned.sublayers().maxSid(), "back on the top layer: " + thinned);
            // it froze 3-6 s in some runs (8-14 fps) while resends lacked the marker that ends an S0
            // picture, and a k-SVC switch down sent S0 frames whose references were left out. At
            // least T1's rate: the rate control may hold the receiver on S0 T1 (10 fps) for part of
            // the window (13.6 fps in a quiet CI run, 16-20 in others; docs/media.md)
            String seconds = " s (policer: " + network.packets() + "), each second since the cap:" + trace;
            assertTrue(fps >= 10, "decoding goes on: " + fps + " fps over the last " + WINDOW_SECONDS + seconds);
            assertTrue(freezes <= 1, "frozen " + freezes + " s of the last " + WINDOW_SECONDS + seconds);
            assertTrue(after.path("frameHeight").asInt() < clean.path("frameHeight").asInt(),
                    "a lower spatial layer decoded: " + after);
        }
    }
}
