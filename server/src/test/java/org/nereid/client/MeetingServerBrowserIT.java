package org.nereid.client;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.client.MeetingPages.*;

/**
 * The meeting page against a real Nereid (org.nereid.server.Nereid on an
 * ephemeral loopback port): the server serves the page, its .status and /ws.
 * MeetingServer wires signalling and the SFU as Main does.
 */
class MeetingServerBrowserIT {
    private static final long LARGE_FILE = 200L << 20;
    private static final String GROUP = """
            {"displayName": "Demo meeting",
             "users": {"olga": {"password": "opw", "permissions": "op"},
                       "alice": {"password": "apw", "permissions": "present"},
                       "bob": {"password": "bpw", "permissions": "present"}}}
            """;

    @TempDir
    static Path root;
    private static MeetingServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(root.resolve("groups"));
        Files.writeString(root.resolve("groups/demo.json"), GROUP);
        server = MeetingServer.start(root);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void everyoneLeaves() throws Exception {
        server.everyoneLeaves();
        // the next test starts in an empty group
        for (int i = 0; i < 100 && server.get("/group/demo/.status").body().matches(".*\"clientCount\":[1-9].*"); i++)
            Thread.sleep(100);
    }

    private Page join(String user, String password, String present) {
        return MeetingPages.join(server.newPage(), server.base() + "/group/demo/", user, password, present);
    }

    @Test
    void passwordLoginRefusesAWrongPasswordThenJoins() {
        Page page = server.open("/group/demo/");
        assertThat(page.locator("#login-title")).hasText("Join Demo meeting");
        login(page, "alice", "nope");
        assertThat(page.locator("#login-error")).containsText("Wrong name or password");
        login(page, "alice", "apw");
        assertThat(userEntry(page, "alice (you)")).isVisible();
        leave(page);
    }

    @Test
    void chatAndPrivateMessagesBetweenTwoPages() {
        Page alice = join("alice", "apw", "");
        Page bob = join("bob", "bpw", "");
        say(alice, "hello from alice https://example.org/");
        assertThat(bob.locator("#chat-log .msg", new Page.LocatorOptions().setHasText("hello from alice"))
                .locator("a")).hasAttribute("href", "https://example.org/");
        say(bob, "/msg alice a secret");
        assertThat(alice.locator("#chat-log .msg.private")).containsText("a secret");
        assertThat(bob.locator("#chat-log .msg.private")).containsText("bob → alice");
        leave(alice, bob);
    }

    @Test
    void opInvitesAndTheLinkJoinsAThirdPageAskingForAName() {
        Page olga = join("olga", "opw", "");
        Page alice = join("alice", "apw", "");
        String link = invite(olga);
        assertTrue(link.startsWith(server.base() + "/group/demo/?token="), link);
        Page guest = server.newPage();
        guest.navigate(link);
        // the invitation card asks for a name before joining
        assertThat(guest.locator("#inv-title")).hasText("Demo meeting");
        assertThat(guest.locator("#inv-details")).containsText("olga");
        assertThat(guest.locator("#inv-password-field")).isHidden();
        guest.locator("#inv-username").fill("guest");
        guest.locator("#inv-present").selectOption("");
        guest.locator("#inv-submit").click();
        assertThat(userEntry(olga, "guest")).isVisible();
        assertThat(userEntry(alice, "guest")).isVisible();
        leave(olga, alice, guest);
    }

    @Test
    void kickAndLockAreSeenByTheOthers() {
        Page olga = join("olga", "opw", "");
        Page bob = join("bob", "bpw", "");
        Page alice = join("alice", "apw", "");
        userMenu(olga, "bob", "Kick out");
        assertThat(bob.locator("#login-error")).containsText("removed from the group by olga");
        assertThat(userEntry(alice, "bob")).hasCount(0);
        say(olga, "/lock closed for today");
        login(bob, "bob", "bpw");
        assertThat(bob.locator("#login-error")).containsText("closed for today");
        say(olga, "/unlock");
        leave(olga, alice, bob);
    }

    @Test
    void fileOfOneMebibyteArrivesIntactPeerToPeer() throws Exception {
        Page alice = join("alice", "apw", "");
        Page bob = join("bob", "bpw", "");
        sendMebibyte(alice, "alice", bob, "bob");
        leave(alice, bob);
    }

    /**
     * A sender whose connection never closes (its tab frozen after the last byte, its close
     * lost on the way) must not keep the file from the receiver, who has every byte.
     */
    @Test
    void theFileIsTheReceiversEvenWhenTheSenderNeverCloses() throws Exception {
        Page sender = server.newPage();
        sender.addInitScript("RTCPeerConnection.prototype.close = function () {};");
        Page alice = MeetingPages.join(sender, server.base() + "/group/demo/", "alice", "apw", "");
        Page bob = join("bob", "bpw", "");
        sendMebibyte(alice, "alice", bob, "bob");
        leave(alice, bob);
    }

    /**
     * 200 MiB peer to peer while the receiving page's JavaScript memory (V8's heap and its
     * ArrayBuffer backing stores, read over the DevTools protocol) is sampled: it must not
     * grow by anything like the file's size, because the client folds what arrives into
     * Blob parts that the browser keeps outside the page.
     */
    @Test
    void twoHundredMebibytesArriveWithoutTheReceivingPageHoldingThem() throws Exception {
        Path file = root.resolve("big.bin");
        String sent = writeRandomFile(file);
        Page alice = join("alice", "apw", "");
        Page bob = join("bob", "bpw", "");
        CDPSession devtools = bob.context().newCDPSession(bob);
        devtools.send("HeapProfiler.collectGarbage");
        long before = javaScriptBytes(devtools);

        FileChooser chooser = alice.waitForFileChooser(() -> userMenu(alice, "bob", "Send a file…"));
        chooser.setFiles(file);
        Locator offer = bob.locator(".filetransfer").last();
        assertThat(offer).containsText("alice offers you big.bin");
        offer.getByText("Accept").click();

        Locator save = bob.locator("a.ft-save").last();
        long peak = before;
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!save.isVisible()) {
            assertTrue(System.nanoTime() < deadline, "the transfer did not finish in 5 minutes");
            peak = Math.max(peak, javaScriptBytes(devtools));
            Thread.sleep(200);
        }
        long growth = peak - before;
        System.out.printf("receiving page: %d MiB of JavaScript memory before, at most %d MiB more during a %d MiB"
                + " transfer%n", before >> 20, growth >> 20, LARGE_FILE >> 20);
        assertTrue(growth < LARGE_FILE / 4, "the receiving page's JavaScript memory grew by " + (growth >> 20)
                + " MiB while receiving " + (LARGE_FILE >> 20) + " MiB");

        Download download = bob.waitForDownload(save::click);
        assertEquals("big.bin", download.suggestedFilename());
        assertEquals(LARGE_FILE, Files.size(download.path()));
        assertEquals(sent, sha256(download.path()), "the file arrived changed");
        leave(alice, bob);
    }

    /** V8's used heap plus the ArrayBuffer backing stores, where the old client kept the whole file. */
    private static long javaScriptBytes(CDPSession devtools) {
        JsonObject usage = devtools.send("Runtime.getHeapUsage");
        long used = usage.get("usedSize").getAsLong();
        return usage.has("backingStorageSize") ? used + usage.get("backingStorageSize").getAsLong() : used;
    }

    private static String writeRandomFile(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        Random random = new Random(19);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < LARGE_FILE; written += block.length) {
                random.nextBytes(block);
                sha.update(block);
                out.write(block);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Frames decoded in the first remote tile, read twice to see that they keep coming. */
    private static void assertVideoFlows(Page page, String tileSelector) {
        Locator video = page.locator(tileSelector + " video").first();
        assertThat(video).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20000));
        page.waitForFunction("v => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10",
                video.elementHandle(), new Page.WaitForFunctionOptions().setTimeout(20000));
        int before = ((Number) video.evaluate("v => v.getVideoPlaybackQuality().totalVideoFrames")).intValue();
        page.waitForFunction("([v, n]) => v.getVideoPlaybackQuality().totalVideoFrames > n + 10",
                List.of(video.elementHandle(), before), new Page.WaitForFunctionOptions().setTimeout(20000));
    }

    @Test
    void cameraAndScreenShareReachTheOtherPageAndAScreenshotIsTaken() throws Exception {
        Page alice = join("alice", "apw", "both");
        Page bob = join("bob", "bpw", "both");
        assertVideoFlows(bob, ".tile:not(.local)");
        assertVideoFlows(alice, ".tile:not(.local)");
        assertThat(bob.locator(".tile:not(.local) .tile-name").first()).hasText("alice");
        say(alice, "Hello Bob, can you see me?");
        say(bob, "Loud and clear.");
        bob.locator("#raise").click();
        Path shots = Paths.get(System.getProperty("nereid.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        alice.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("meeting-two-party.png")));

        // the fake microphone beeps: the speaker shows in the list and on the tile
        assertThat(userEntry(bob, "alice")).hasAttribute("aria-label", java.util.regex.Pattern.compile("speaking"),
                new LocatorAssertions.HasAttributeOptions().setTimeout(15000));

        // simulcast on re-publishes the camera, replacing the old stream: wait for the new
        // stream's tile (the old one still counts decoded frames until it goes)
        String before = bob.locator(".tile:not(.local)[data-label=camera]").getAttribute("data-stream");
        say(alice, "/set simulcast on");
        String replaced = ".tile:not(.local)[data-label=camera]:not([data-stream='" + before + "'])";
        LocatorAssertions.HasCountOptions patiently = new LocatorAssertions.HasCountOptions().setTimeout(20000);
        assertThat(bob.locator(replaced)).hasCount(1, patiently);
        assertThat(bob.locator(".tile:not(.local)[data-label=camera]")).hasCount(1, patiently);
        assertVideoFlows(bob, replaced);

        alice.locator("#share").click();
        Locator screen = bob.locator(".tile[data-label=screenshare]:not(.local)");
        assertThat(screen.locator(".tile-name")).hasText("alice (screen)");
        assertVideoFlows(bob, ".tile[data-label=screenshare]:not(.local)");
        alice.locator("#unshare").click();
        assertThat(screen).hasCount(0);
        leave(alice, bob);
    }
}
