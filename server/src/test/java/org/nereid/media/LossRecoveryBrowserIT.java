package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.FreezeWatch.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junitpioneer.jupiter.RetryingTest;
import org.nereid.media.ice.FreePorts;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;

/**
 * Loss recovery and its bounds with real Chromium on a bad network (nftables in the test's
 * own namespace): a publisher sending simulcast h + l as Galène's client does, a receiver of
 * {@code video} (the h layer). The figures each test prints are recorded in docs/media.md.
 */
class LossRecoveryBrowserIT {
    private static final int PORTS = 4;
    private static Chromium chromium;

    private int firstPort;
    private Sfu sfu;
    private SfuHarness harness;
    private BrowserContext context;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        // a port per peer connection, so that the receiver's flow can be told from the publisher's
        firstPort = FreePorts.range(PORTS);
        sfu = new Sfu(MediaConfig.ofUdpRange(List.of("127.0.0.1"), firstPort + "-" + (firstPort + PORTS - 1)));
        harness = new SfuHarness(sfu);
        context = chromium.browser().newContext();
    }

    @AfterEach
    void stop() {
        context.close();
        harness.close();
        sfu.close();
    }

    private Page open(String client) {
        Page page = context.newPage();
        page.navigate(harness.url(client, "vp8,opus"));
        return page;
    }

    private static JsonNode stats(Page page, String id) throws Exception {
        return PageStats.stats(page, id);
    }

    /** Whether the page's answer for peer connection {@code id} kept RTCP XR's receiver round trip. */
    private static boolean acceptsXr(Page page, String id) {
        return (Boolean) page.evaluate("id => pcs[id].localDescription.sdp.includes('a=rtcp-xr:rcvr-rtt')", id);
    }

    private static JsonNode await(Page page, String id, String what, Predicate<JsonNode> condition) throws Exception {
        return PageStats.await(page, id, what, 30, condition);
    }

    /** Alice publishes simulcast, Bob receives its video; returns Bob's page once frames are decoded. */
    private Page[] publishAndReceive() throws Exception {
        Page alice = open("alice");
        alice.evaluate("() => publish('cam', {simulcast: true})");
        Page bob = open("bob");
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'video')");
        await(bob, "bob-cam", "decoded frames", s -> s.path("framesDecoded").asInt() > 30);
        return new Page[] {alice, bob};
    }

    /** What the receiver decoded over a window: frames per second and seconds frozen, and why frames went missing. */
    private record Window(double seconds, double fps, double frozen, long lost, long received, long retransmitted,
                          Jitter jitter, int secondsOnLow) {
        static Window between(JsonNode from, JsonNode to, double seconds, int secondsOnLow) {
            return new Window(seconds, delta(from, to, "framesDecoded") / seconds,
                    to.path("totalFreezesDuration").asDouble() - from.path("totalFreezesDuration").asDouble(),
                    delta(from, to, "packetsLost"), delta(from, to, "packetsReceived"),
                    delta(from, to, "retransmittedReceived"), Jitter.between(from, to), secondsOnLow);
        }

        /**
         * Packets of the stream still missing: with RTX, Chromium counts a packet repaired on the RTX
         * stream as lost on the media one (its loss is the network's), and counts it received by RTX.
         */
        long unrepaired() {
            return Math.max(0, lost - retransmitted);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%.1f fps, %.2f s frozen, %d of %d packets lost after repair (%d lost, %d of them repaired by "
                            + "RTX) in %.1f s, %d s of it on l; %s",
                    fps, frozen, unrepaired(), lost + received, lost, retransmitted, seconds, secondsOnLow, jitter);
        }
    }

    /** Chromium's jitter buffer over a window: where the frames that were not shown went. */
    private record Jitter(long framesReceived, long framesDecoded, long framesDropped, long keyFrames, long freezes,
                          long plis, long nacks, double meanDelayMs) {
        static Jitter between(JsonNode from, JsonNode to) {
            long emitted = delta(from, to, "jitterBufferEmittedCount");
            double delay = to.path("jitterBufferDelay").asDouble() - from.path("jitterBufferDelay").asDouble();
            return new Jitter(delta(from, to, "framesReceived"), delta(from, to, "framesDecoded"),
                    delta(from, to, "framesDropped"), delta(from, to, "keyFramesDecoded"),
                    delta(from, to, "freezeCount"), delta(from, to, "pliCount"), delta(from, to, "nackCount"),
                    emitted == 0 ? 0 : 1000 * delay / emitted);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "frames received %d, decoded %d, dropped %d, keyframes %d; %d freezes; sent %d PLIs, %d NACKs; "
                            + "jitter buffer delay %.0f ms",
                    framesReceived, framesDecoded, framesDropped, keyFrames, freezes, plis, nacks, meanDelayMs);
        }
    }

    /** Watches the receiver for {@code seconds}, noting each second which layer it is forwarded. */
    private Window watch(Page bob, int seconds) throws Exception {
        return watch(bob, null, seconds, new FreezeWatch(harness));
    }

    /** {@link #watch(Page, int)}, noting the receiver's and the publisher's stats each second into {@code freezes}. */
    private Window watch(Page bob, Page alice, int seconds, FreezeWatch freezes) throws Exception {
        FreezeWatch.Sample from = freezes.sample(bob, alice);
        FreezeWatch.Sample to = from;
        int onLow = 0;
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1_000);
            if (downTrack().rid().equals("l")) {
                onLow++;
            }
            to = freezes.sample(bob, alice);
        }
        return Window.between(from.receiver(), to.receiver(), (to.nanos() - from.nanos()) / 1e9, onLow);
    }

    @RetryingTest(2)    // a quality bar on a shared 2-core box: two attempts (docs/media.md, "Judged twice")
    void fivePercentLossBothWaysIsRepairedByNacks() throws Exception {
        Page[] pages = publishAndReceive();
        Page alice = pages[0];
        Page bob = pages[1];
        // the same figures on the clean network first: what the machine itself costs the receiver
        Window clean = watch(bob, 5);
        System.out.printf(Locale.ROOT, "no loss (load %s): receiver %s%n", FreezeWatch.load(), clean);
        try (NetworkImpairment net = NetworkImpairment.onServerPorts(firstPort, firstPort + PORTS - 1).loss(5, 5)) {
            JsonNode p0 = stats(alice, "cam");
            FreezeWatch freezes = new FreezeWatch(harness);
            freezes.trace(true);
            Window lossy;
            try {
                lossy = watch(bob, alice, 30, freezes);
            } finally {
                freezes.trace(false);
            }
            String freezeReport = freezes.report("h");
            System.out.println(freezeReport);
            ResendTraceReport repairs = freezes.report();
            JsonNode p1 = stats(alice, "cam");
            // what the publisher encoded meanwhile: on a loaded machine that is less than its camera's rate
            double encoded = (p1.path("framesEncoded_h").asLong() - p0.path("framesEncoded_h").asLong())
                    / lossy.seconds();
            var dropped = net.packets();
            long publisherNacks = p1.path("sentNacks").asLong() - p0.path("sentNacks").asLong();
            long retransmitted = p1.path("retransmitted").asLong() - p0.path("retransmitted").asLong();
            StreamCounts.TrackCounts up = upTrack("h");
            StreamCounts.TrackCounts down = downTrack();
            JsonNode b1 = stats(bob, "bob-cam");
            System.out.printf(Locale.ROOT, "5%% loss both ways (load %s): receiver %s of %.1f fps encoded; "
                            + "its own round trip %.1f ms (%d measurements, from our %d DLRRs); publisher got %d "
                            + "NACKs, retransmitted %d; nft %s; server: asked the publisher %d times, %d recovered, "
                            + "%d given up; receiver asked %d, resent %d, refused %d, not cached %d, "
                            + "asked for %d keyframes, replayed %d, padded %d frame tails, %d frames with a playout "
                            + "delay; %d frame tails asked of the publisher early; h forwarded up to temporal layer "
                            + "%s, %d packets of the layers above left out; publisher by layer: %s%n",
                    FreezeWatch.load(), lossy, encoded, 1000 * b1.path("receiverRtt").asDouble(),
                    b1.path("receiverRttMeasurements").asLong(), down.dlrrs(), publisherNacks, retransmitted, dropped, up.nacks(), up.resent(),
                    up.unrecovered(), down.nacks(), down.resent(), down.resendsRefused(), down.unrecovered(),
                    down.keyframeRequests(), down.keyframeReplays(), down.tailPadding(), down.delayedFrames(),
                    up.tailNacks(), down.sublayers() == null ? "all" : down.sublayers().tid() + " of "
                            + down.sublayers().maxTid(), down.sublayers() == null ? 0 : down.sublayers().dropped(),
                    publisherByLayer(p0, p1));

            assertTrue(dropped.getOrDefault("up-loss", 0L) > 0 && dropped.getOrDefault("down-loss", 0L) > 0,
                    "the network really lost packets both ways: " + dropped);
            assertTrue(publisherNacks > 0, "the publisher received NACKs: " + p1);
            assertTrue(up.resent() > 0, "packets the publisher resent reached the server: " + up);
            assertTrue(down.resent() > 0, "the receiver's NACKs were answered: " + down);
            // Chromium accepts the RTX we offer: the answers come on that stream, as Chromium counts them
            assertTrue(lossy.retransmitted() > 0, "resends arrived as RTX: " + lossy);
            // unrepaired, ~10 % of the receiver's packets would be missing (5 % each way)
            assertTrue(lossy.unrepaired() <= 0.015 * (lossy.lost() + lossy.received()), "repaired: " + lossy);
            assertTrue(down.tailPadding() > 0, "frame tails were padded for the losing receiver: " + down);
            assertTrue(down.delayedFrames() > 0, "the losing receiver was asked for a playout delay: " + down);
            // the receive-only Chromium knows its round trip only from our answers to its RTCP XR RRTRs,
            // which it sends where its answer keeps our a=rtcp-xr:rcvr-rtt (Chromium 156 did, 150 does not)
            if (acceptsXr(bob, "bob-cam")) {
                assertTrue(down.dlrrs() > 0, "the receiver's RRTRs were answered: " + down);
                assertTrue(b1.path("receiverRttMeasurements").asLong() > 0, "the receiver measured its round trip: "
                        + b1);
            } else {
                assertEquals(0, down.dlrrs(), "no XR to a receiver whose answer left rcvr-rtt out: " + down);
                System.out.println("this Chromium's answer leaves out a=rtcp-xr:rcvr-rtt: it sends no RRTR, "
                        + "and knows no round trip");
            }
            // a frame's packets reach the receiver with consecutive numbers (a late frame end once
            // had padding numbered inside the next frame, which then never completed)
            assertEquals(List.of(), repairs.insideFrames(), "padding numbered inside a frame, at");
            // The bar: 18 of the fake camera's 20 fps and at most 1 s frozen (Nereid before NACKs:
            // 4-7 fps, 17-18 s frozen). The base is what the publisher encoded: on a loaded machine
            // Chromium encodes less, and no server can forward frames that were never made. With the
            // playout delay alone runs at load 4-10 gave 0.92-0.98 of it, too close to assert; since the
            // receiver knows its round trip (RTCP XR) six runs at load 4-12 gave 0.95-0.99 and 0-0.27 s
            // frozen (docs/media.md).
            assertTrue(lossy.fps() >= 0.9 * encoded, "frame rate kept: " + lossy + " of " + encoded + " encoded");
            assertTrue(lossy.frozen() <= 1.0, "frozen: " + lossy + "\n" + freezeReport);
        }
    }

    @RetryingTest(2)    // a quality bar on a shared 2-core box: two attempts (docs/media.md, "Judged twice")
    void aPolicedReceiverIsSentItsLayerPlusABoundedResendShareAtMost() throws Exception {
        Page[] pages = publishAndReceive();
        Page bob = pages[1];
        int bobPort = await(bob, "bob-cam", "a selected pair", s -> s.has("serverPort")).path("serverPort").asInt();
        // 400 kbit/s for the receiver's downlink only, below the high layer's rate
        try (NetworkImpairment net = NetworkImpairment.onServerPorts(bobPort, bobPort).policeDown(50)) {
            Thread.sleep(5_000);
            long sentToBob = 0;
            long sentByLayer = 0;
            long padded = 0;
            long owed = 0;
            int windows = 0;
            String rid = downTrack().rid();
            long[] before = {net.packets().get("down-total"), upTrack(rid).packets(), downTrack().padding(),
                    downTrack().owedRepairs()};
            JsonNode r0 = stats(bob, "bob-cam");
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                Thread.sleep(5_000);
                String ridNow = downTrack().rid();
                long[] now = {net.packets().get("down-total"), upTrack(ridNow).packets(), downTrack().padding(),
                        downTrack().owedRepairs()};
                // a window across a layer switch has no single layer to compare with
                if (ridNow.equals(rid)) {
                    sentToBob += now[0] - before[0];
                    sentByLayer += now[1] - before[1];
                    padded += now[2] - before[2];
                    owed += now[3] - before[3];
                    windows++;
                }
                rid = ridNow;
                before = now;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonNode r1 = stats(bob, "bob-cam");
            StreamCounts.TrackCounts down = downTrack();
            // a rate probe's padding (RateProbe: its own share, bounded in bits and tested there) is
            // small padding-only packets, many by count: what is bounded here is forwarding and resends
            double ratio = (double) (sentToBob - padded) / sentByLayer;
            // of the resends, those a failed probe's unsent padding paid for (ResendLimiter.credit)
            double ratioWithoutOwed = (double) (sentToBob - padded - owed) / sentByLayer;
            System.out.printf(Locale.ROOT, "receiver policed to 400 kbit/s, %.1f s (load %s): sent it %d packets "
                            + "(%.0f/s) while the publisher sent %d on its layer %s (%.0f/s): %.2fx (%.2fx without the %d "
                            + "resends owed by failed probes); receiver %.1f "
                            + "fps, %.2f s frozen; it asked %d, resent %d, refused %d, not cached %d, asked for %d "
                            + "keyframes, replayed %d; probe padding %d packets (not counted in the ratio), frame "
                            + "tail padding %d (counted); nft %s%n",
                    seconds, FreezeWatch.load(), sentToBob, sentToBob / (windows * 5.0), sentByLayer, rid,
                    sentByLayer / (windows * 5.0), ratio, ratioWithoutOwed, owed,
                    (r1.path("framesDecoded").asLong() - r0.path("framesDecoded").asLong()) / seconds,
                    r1.path("totalFreezesDuration").asDouble() - r0.path("totalFreezesDuration").asDouble(),
                    down.nacks(), down.resent(), down.resendsRefused(), down.unrecovered(), down.keyframeRequests(),
                    down.keyframeReplays(), padded, down.tailPadding(), net.packets());

            assertTrue(windows >= 2, "at least two 5-s windows on one layer");
            assertTrue(net.packets().get("down-policed") > 0, "the policer did drop: " + net.packets());
            assertTrue(down.nacks() > 0, "the receiver asked for what it lost");
            // The "~1.2x": the layer, resends (a token bucket of 10 % of the forwarded rate,
            // whose burst lets a thin layer's 20-s window reach 11-13 %) and frame-tail padding.
            // Quiet runs give 1.10-1.17x, runs on a loaded machine up to 1.23x (docs/media.md); the
            // amplification this guards against was 26-40x. The repairs a failed probe owes for what
            // it lost are paid from that probe's unsent padding (ResendLimiter.credit), the probe's
            // share like its padding: bounded here separately, as they vary with how much a probe
            // lost (8-17 packets in 20 s in session 14's CI runs: 1.17x and 1.26x with them).
            assertTrue(ratioWithoutOwed <= 1.25, String.format(Locale.ROOT, "%.2fx the layer's packets", ratioWithoutOwed));
            assertTrue(ratio <= 1.35, String.format(Locale.ROOT, "%.2fx the layer's packets with the probes' repairs", ratio));
        }
    }

    /** The publisher's NACKs, PLIs and retransmissions per simulcast layer between two samples. */
    private static String publisherByLayer(JsonNode from, JsonNode to) {
        StringBuilder out = new StringBuilder();
        for (String rid : List.of("h", "l")) {
            out.append(String.format(Locale.ROOT, "%s: %d NACKs, %d PLIs, %d retransmitted, %d frames; ", rid,
                    delta(from, to, "nackCount_" + rid), delta(from, to, "pliCount_" + rid),
                    delta(from, to, "retransmitted_" + rid), delta(from, to, "framesEncoded_" + rid)));
        }
        return out.toString();
    }

    private StreamCounts.TrackCounts upTrack(String rid) {
        List<StreamCounts> ups = harness.session("alice").upCounts();
        assertEquals(1, ups.size());
        return ups.get(0).tracks().stream().filter(t -> t.kind().equals("video") && t.rid().equals(rid))
                .findFirst().orElseThrow(() -> new AssertionError("no video track " + rid + " in " + ups));
    }

    private StreamCounts.TrackCounts downTrack() {
        List<StreamCounts> downs = harness.session("bob").downCounts();
        assertEquals(1, downs.size());
        return downs.get(0).tracks().get(0);
    }
}
