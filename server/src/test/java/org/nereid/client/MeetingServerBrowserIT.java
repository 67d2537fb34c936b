package org.nereid.client;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.client.MeetingPages.*;

/**
 * The meeting page against a real Nereid (org.nereid.server.Nereid on an
 * ephemeral loopback port): the server serves the page, its .status and /ws.
 * MeetingServer wires signalling and the SFU as Main does.
 */
class MeetingServerBrowserIT {
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
