package org.nereid.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real headless Chromium publishing through the SFU to other Chromium peer
 * connections, over 127.0.0.1 only; checked with the receivers' getStats.
 */
class SfuBrowserIT {
    private static Playwright playwright;
    private static Browser browser;

    private Sfu sfu;
    private SfuHarness harness;
    private BrowserContext context;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                        "--allow-loopback-in-peer-connection")));
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        sfu = new Sfu(new MediaConfig(List.of("127.0.0.1"), 0));
        harness = new SfuHarness(sfu);
        context = browser.newContext();
    }

    @AfterEach
    void stop() {
        context.close();
        harness.close();
        sfu.close();
    }

    private Page open(String client, String codecs) {
        Page page = context.newPage();
        page.navigate(harness.url(client, codecs));
        return page;
    }

    private static JsonNode stats(Page page, String id) throws Exception {
        return PageStats.stats(page, id);
    }

    private static JsonNode await(Page page, String id, String what, Predicate<JsonNode> condition) throws Exception {
        return PageStats.await(page, id, what, 20, condition);
    }

    /** Video frames and audio packets keep arriving at the receiver, decoded, at a real size. */
    private static void assertFlowing(Page page, String id, String codec) throws Exception {
        JsonNode first = await(page, id, "decoded video and audio",
                s -> s.path("framesDecoded").asInt() > 5 && s.path("audioPackets").asInt() > 20);
        assertEquals("connected", first.path("ice").asText(), first.toString());
        assertTrue(first.path("frameWidth").asInt() > 0 && first.path("frameHeight").asInt() > 0, first.toString());
        assertEquals(codec, first.path("videoCodec").asText().toLowerCase());
        await(page, id, "more frames and packets",
                s -> s.path("framesDecoded").asInt() > first.path("framesDecoded").asInt() + 10
                        && s.path("audioPackets").asInt() > first.path("audioPackets").asInt() + 20);
    }

    @Test
    void forwardsVp8AndOpusToReceiversAndEndsWithThePublisher() throws Exception {
        Page alice = open("alice", "vp8,opus");
        alice.evaluate("() => publish('cam')");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/chromium-offer.sdp"), harness.offers.get(0));

        Page bob = open("bob", "vp8,opus");
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
        assertFlowing(bob, "bob-cam", "video/vp8");

        // a late receiver still gets a picture quickly (keyframe requested on subscribe)
        // our sender reports, compound with SDES CNAME, are accepted (Chrome counts them per SSRC)
        await(bob, "bob-cam", "sender reports", s -> s.path("senderReports").asInt() > 0);

        Page carol = open("carol", "vp8,opus");
        carol.evaluate("() => subscribe('carol-cam', 'cam', 'audio,video')");
        assertFlowing(carol, "carol-cam", "video/vp8");

        alice.evaluate("() => close('cam')");
        long deadline = System.currentTimeMillis() + 15_000;
        while (!harness.closedUps.contains("cam") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(harness.closedUps.contains("cam"), "the engine noticed the publisher left");
        bob.evaluate("() => poll()");
        JsonNode ended = await(bob, "bob-cam", "the received tracks to end",
                s -> s.path("tracks").toString().contains("ended"));
        assertTrue(ended.path("tracks").toString().contains("video:ended"), ended.toString());
    }

    @Test
    void withAPortRangeEachPeerConnectionHasItsOwnPort() throws Exception {
        int first = org.nereid.media.ice.FreePorts.range(6);
        harness.close();
        sfu.close();
        sfu = new Sfu(MediaConfig.ofUdpRange(List.of("127.0.0.1"), first + "-" + (first + 5)));
        harness = new SfuHarness(sfu);

        Page alice = open("alice", "vp8,opus");
        alice.evaluate("() => publish('cam')");
        Page dave = open("dave", "vp8,opus");
        dave.evaluate("() => publish('cam2')");
        Page bob = open("bob", "vp8,opus");
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
        bob.evaluate("() => subscribe('bob-cam2', 'cam2', 'audio,video')");
        assertFlowing(bob, "bob-cam", "video/vp8");
        assertFlowing(bob, "bob-cam2", "video/vp8");

        // the port each browser's selected ICE pair talks to on the server
        List<Integer> ports = new ArrayList<>();
        ports.add(await(alice, "cam", "a selected pair", s -> s.has("serverPort")).path("serverPort").asInt());
        ports.add(await(dave, "cam2", "a selected pair", s -> s.has("serverPort")).path("serverPort").asInt());
        ports.add(stats(bob, "bob-cam").path("serverPort").asInt());
        ports.add(stats(bob, "bob-cam2").path("serverPort").asInt());
        assertEquals(4, ports.stream().distinct().count(), "one port per peer connection: " + ports);
        assertTrue(ports.stream().allMatch(p -> p >= first && p <= first + 5), first + "-" + (first + 5) + ": " + ports);
    }

    @Test
    void closingADownStreamTellsTheBrowserByDtlsCloseNotify() throws Exception {
        Page alice = open("alice", "vp8,opus");
        alice.evaluate("() => publish('cam')");
        Page bob = open("bob", "vp8,opus");
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
        JsonNode flowing = await(bob, "bob-cam", "frames", s -> s.path("framesDecoded").asInt() > 2);
        assertEquals("connected", flowing.path("dtls").asText(), flowing.toString());
        // bob never polls for the "close" message: only the close_notify can tell his browser
        harness.closeDown("bob", "bob-cam");
        JsonNode closed = await(bob, "bob-cam", "DTLS closed", s -> "closed".equals(s.path("dtls").asText()));
        assertEquals("closed", closed.path("dtls").asText());
    }

    @Test
    void forwardsVp9WhenTheGroupAllowsIt() throws Exception {
        Page alice = open("alice", "vp9,opus");
        alice.evaluate("() => publish('cam', {codec: 'vp9'})");
        Page bob = open("bob", "vp9,opus");
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
        assertFlowing(bob, "bob-cam", "video/vp9");
    }

    @Test
    void forwardsH264WhenTheGroupAllowsIt() throws Exception {
        Page alice = open("alice", "h264,opus");
        alice.evaluate("() => publish('cam', {codec: 'h264'})");
        Page bob = open("bob", "h264,opus");
        bob.evaluate("() => subscribe('bob-cam', 'cam', 'audio,video')");
        assertFlowing(bob, "bob-cam", "video/h264");
    }

    @Test
    void simulcastGivesVideoTheHighEncodingAndVideoLowTheLowOne() throws Exception {
        Page alice = open("alice", "vp8,opus");
        alice.evaluate("() => publish('cam', {simulcast: true})");
        Page bob = open("bob", "vp8,opus");
        bob.evaluate("() => subscribe('high', 'cam', 'video')");
        bob.evaluate("() => subscribe('low', 'cam', 'video-low')");
        JsonNode high = await(bob, "high", "high frames", s -> s.path("framesDecoded").asInt() > 5);
        JsonNode low = await(bob, "low", "low frames", s -> s.path("framesDecoded").asInt() > 5);
        assertTrue(high.path("frameWidth").asInt() > low.path("frameWidth").asInt(),
                "high " + high + " low " + low);
        assertEquals(0, high.path("audioPackets").asInt(), "audio was not requested");
    }
}
