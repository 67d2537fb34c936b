package org.nereid.client;

import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.nereid.client.MeetingPages.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meeting page in real Chromium, talking Galène's protocol over a real
 * WebSocket (or the console's bridge) to {@link FakeGroup}: login flows, chat, commands,
 * moderation, invitations, layout, the embedded-browser path and
 * peer-to-peer file transfer. {@code MeetingServerBrowserIT} runs the same
 * page against the real server.
 */
class MeetingPageBrowserIT {
    /**
     * What the JavaFX console does, done in page script for the test: a bridge
     * object whose send/open/close drive a WebSocket the page cannot see (the
     * page's own WebSocket constructor is removed).
     */
    private static final String BRIDGE = """
            (() => {
              const WS = window.WebSocket;
              delete window.WebSocket;
              let ws = null;
              window.bridgeSends = 0;
              window.nereidBridge = {
                open(url) {
                  ws = new WS(url);
                  ws.onopen = () => window.nereid.bridgeOpened();
                  ws.onmessage = e => window.nereid.bridgeMessage(e.data);
                  ws.onclose = e => window.nereid.bridgeClosed(e.code, e.reason);
                },
                send(text) { window.bridgeSends++; ws.send(text); },
                close() { ws.close(); },
                openInBrowser(url) { window.openedInBrowser = url; },
              };
            })();
            """;

    private static Browsers browsers;
    private static StaticSite site;
    private static FakeGalene galene;
    private static volatile FakeGroup group;

    @BeforeAll
    static void start() throws Exception {
        browsers = new Browsers();
        site = new StaticSite();
        galene = new FakeGalene(() -> group);
    }

    @AfterAll
    static void stop() {
        galene.close();
        site.close();
        browsers.close();
    }

    private static String status(String extra) {
        return "{\"name\":\"demo\",\"displayName\":\"Demo meeting\",\"endpoint\":\"" + galene.endpoint() + "\"" + extra + "}";
    }

    @BeforeEach
    void newGroup() {
        site.status(status(""));
        group = new FakeGroup("demo")
                .account("alice", "apw")
                .account("bob", "bpw")
                .account("olga", "opw", "op", "present", "token", "record");
    }

    @AfterEach
    void cleanConsoleAndProtocol() {
        assertEquals(List.of(), browsers.takeErrors(), "the pages logged errors");
        assertEquals(List.of(), group.violations(), "the pages broke the protocol");
    }

    private Page open(String query, int width, int height) {
        Page page = browsers.newPage(width, height);
        page.navigate(site.groupUrl("demo") + query);
        return page;
    }

    private Page join(String user, String password) {
        Page page = open("", 1280, 800);
        login(page, user, password);
        assertJoined(page);
        return page;
    }

    @Test
    void passwordLoginRefusesAWrongPasswordWithASentenceThenJoins() {
        Page page = open("", 1280, 800);
        assertThat(page.locator("#login-title")).hasText("Join Demo meeting");
        login(page, "alice", "wrong");
        assertThat(page.locator("#login-error")).containsText("Wrong name or password");
        login(page, "alice", "apw");
        assertThat(page.locator("#login")).not().isVisible();
        assertThat(userEntry(page, "alice (you)")).isVisible();
        assertThat(page.locator("#title")).hasText("Demo meeting");
    }

    @Test
    void rememberedCredentialsFillTheDialogNextTime() {
        Page page = open("", 1280, 800);
        page.locator("#username").fill("alice");
        page.locator("#password").fill("apw");
        page.locator("#remember").check();
        page.locator("#present-choice").selectOption("");
        page.locator("#connect").click();
        assertJoined(page);
        page.locator("#leave").click();
        assertThat(page.locator("#login")).isVisible();
        assertThat(page.locator("#username")).hasValue("alice");
        assertThat(page.locator("#password")).hasValue("apw");
    }

    @Test
    void tokenLinkWithoutUsernameAsksForOneAndJoins() {
        group.token("t-anon", "").token("t-named", "nina");
        Page anon = open("?token=t-anon", 1280, 800);
        assertThat(anon.locator("#login-error")).containsText("choose a name");
        assertThat(anon.locator("#password-field")).isHidden();
        assertTrue(!anon.url().contains("token="), "the token is taken out of the address bar");
        anon.locator("#username").fill("tom");
        anon.locator("#connect").click();
        assertThat(userEntry(anon, "tom (you)")).isVisible();

        Page named = open("?token=t-named", 1280, 800);
        assertThat(userEntry(named, "nina (you)")).isVisible();
        assertThat(userEntry(anon, "nina")).isVisible();
    }

    @Test
    void unknownTokenIsRefusedAndThePasswordDialogOffered() {
        Page page = open("?token=bogus", 1280, 800);
        assertThat(page.locator("#login-error")).containsText("no longer valid");
        assertThat(page.locator("#password-field")).isVisible();
    }

    @Test
    void authServerDecidesBetweenRefusalPasswordAndToken() {
        site.status(status(",\"authServer\":\"" + site.base() + "/auth\""));
        group.token("jws-for-carol", "");
        site.authServer(body -> {
            assertTrue(body.contains("\"location\":\"" + site.groupUrl("demo") + "\""), body);
            if (body.contains("mallory")) return new String[] {"403", "", ""};
            if (body.contains("carol")) return new String[] {"200", "application/jwt", "jws-for-carol"};
            return new String[] {"204", "", ""};
        });
        Page page = open("", 1280, 800);
        login(page, "mallory", "x");
        assertThat(page.locator("#login-error")).containsText("authorisation server refused");
        // Chromium logs the refused request itself; that is the 403 we asked for, not a page error
        assertEquals(1, browsers.takeErrors().stream().filter(e -> e.contains("403 (Forbidden)")).count());
        login(page, "alice", "apw");
        assertThat(userEntry(page, "alice (you)")).isVisible();
        Page carol = open("", 1280, 800);
        login(carol, "carol", "whatever");
        assertThat(userEntry(carol, "carol (you)")).isVisible();
    }

    @Test
    void authPortalRedirectsBeforeAnyDialog() {
        site.status(status(",\"authPortal\":\"" + site.base() + "/portal\""));
        Page page = browsers.newPage();
        page.navigate(site.groupUrl("demo"));
        page.waitForURL(site.base() + "/portal");
        assertThat(page.locator("p")).hasText("An authorisation portal.");
    }

    @Test
    void chatReachesTheOtherPageAsTextWithSafeLinks() {
        Page alice = join("alice", "apw");
        Page bob = join("bob", "bpw");
        say(alice, "hello, see https://example.org/notes and <img src=x onerror=window.pwned=1>");
        Locator msg = bob.locator("#chat-log .msg", new Page.LocatorOptions().setHasText("hello"));
        assertThat(msg).containsText("<img src=x onerror=window.pwned=1>");
        assertThat(msg.locator("a")).hasAttribute("href", "https://example.org/notes");
        assertThat(msg.locator("a")).hasAttribute("rel", "noopener noreferrer");
        assertEquals(0, msg.locator("img").count());
        assertEquals(true, bob.evaluate("() => window.pwned === undefined"));
        say(bob, "/me waves");
        assertThat(alice.locator("#chat-log .msg.me")).containsText("* bob");
        // history on join
        Page late = join("olga", "opw");
        assertThat(late.locator("#chat-log")).containsText("hello, see");
        assertThat(late.locator("#chat-log")).containsText("waves");
    }

    @Test
    void privateMessagesGoOnlyToTheirRecipient() {
        Page alice = join("alice", "apw");
        Page bob = join("bob", "bpw");
        Page olga = join("olga", "opw");
        say(alice, "/msg bob just for you");
        assertThat(bob.locator("#chat-log .msg.private")).containsText("just for you");
        assertThat(alice.locator("#chat-log .msg.private")).containsText("alice → bob");
        // replying privately from the user menu
        userMenu(bob, "alice", "Send a private message");
        assertThat(bob.locator("#chat-input")).isFocused();
        bob.locator("#chat-input").fill("got it");
        bob.locator("#chat-input").press("Enter");
        assertThat(alice.locator("#chat-log .msg.private", new Page.LocatorOptions().setHasText("got it"))).isVisible();
        say(olga, "/me is here");
        assertThat(olga.locator("#chat-log")).containsText("is here");
        assertThat(olga.locator("#chat-log")).not().containsText("just for you");
        assertThat(olga.locator("#chat-log")).not().containsText("got it");
    }

    @Test
    void helpShowsOnlyTheCommandsThisUserMayUse() {
        Page alice = join("alice", "apw");
        say(alice, "/help");
        Locator log = alice.locator("#chat-log");
        assertThat(log).containsText("/msg user message");
        assertThat(log).containsText("/raise");
        assertThat(log).not().containsText("/kick");
        say(alice, "/kick bob");
        assertThat(alice.locator(".notice.error")).containsText("You are not an operator");
        say(alice, "/frobnicate");
        assertThat(alice.locator(".notice.error").last()).containsText("Unknown command /frobnicate");

        Page olga = join("olga", "opw");
        say(olga, "/help");
        for (String c : List.of("/kick", "/lock", "/unlock", "/record", "/invite", "/listtokens", "/muteall",
                "/wall", "/subgroups", "/clear", "/op", "/unop", "/present", "/unpresent", "/shutup", "/identify"))
            assertThat(olga.locator("#chat-log")).containsText(c + " ");
    }

    @Test
    void commandLineParsesLikeGalene() {
        Page page = open("", 1280, 800);
        Object r = page.evaluate("""
                async () => {
                  const c = await import('/meeting/commands.js');
                  return [
                    c.splitFirst('"bob smith" hello there').join('|'),
                    c.splitFirst("  it\\\\'s fine").join('|'),
                    String(c.parseExpiration('2h')),
                    String(c.parseExpiration('30min')),
                    c.parseToken('http://h/group/x/?token=abc'),
                    c.parseToken('xyz'),
                    (() => { try { c.parseExpiration('soon'); return 'no error'; } catch (e) { return e.message; } })(),
                    JSON.stringify(c.parseInvite('-register bob 7d 1')),
                    JSON.stringify(c.parseInvite('2h 5')),
                    JSON.stringify(c.parseInvite('"ann lee"')),
                    JSON.stringify(c.parseInvite('')),
                    (() => { try { c.parseInvite('bob 2h carol'); return 'no error'; } catch (e) { return e.message; } })(),
                    (() => { try { c.parseInvite('-admin'); return 'no error'; } catch (e) { return e.message; } })(),
                  ].join('\\n');
                }""");
        assertEquals(String.join("\n", "bob smith|hello there", "it's|fine", "7200000", "1800000", "abc", "xyz",
                "\"soon\" is neither a duration (30min, 2h, 7d) nor a date.",
                "{\"kind\":\"register\",\"username\":\"bob\",\"expires\":604800000,\"max-uses\":1}",
                "{\"expires\":7200000,\"max-uses\":5}",
                "{\"username\":\"ann lee\"}",
                "{}",
                "\"carol\" is not a lifetime (30min, 2h, 7d) or a number of uses; "
                        + "the order is /invite [-register] [username] [lifetime] [max-uses].",
                "Unknown option -admin; /invite knows only -register."), r);
    }

    @Test
    void raisedHandIsShownToOthers() {
        Page alice = join("alice", "apw");
        Page bob = join("bob", "bpw");
        alice.locator("#raise").click();
        assertThat(userEntry(bob, "alice").locator(".hand")).isVisible();
        assertThat(userEntry(bob, "alice")).hasAttribute("aria-label", java.util.regex.Pattern.compile("hand raised"));
        say(alice, "/unraise");
        assertThat(userEntry(bob, "alice").locator(".hand")).hasCount(0);
    }

    @Test
    void operatorKicksAndLocksAndOthersSeeIt() {
        Page olga = join("olga", "opw");
        Page bob = join("bob", "bpw");
        Page alice = join("alice", "apw");
        userMenu(olga, "bob", "Kick out");
        assertThat(bob.locator("#login-error")).containsText("removed from the group by olga");
        assertThat(userEntry(alice, "bob")).hasCount(0);

        userEntry(olga, "olga (you)").click();
        menuItem(olga, "Lock the group").click();
        bob.waitForCondition(group::isLocked);
        login(bob, "bob", "bpw");
        assertThat(bob.locator("#login-error")).containsText("The group is locked");
        userEntry(olga, "olga (you)").click();
        assertThat(menuItem(olga, "Unlock the group")).isVisible();
        olga.keyboard().press("Escape");
    }

    @Test
    void operatorInvitesAndTheLinkJoinsAThirdPage() {
        Page olga = join("olga", "opw");
        join("alice", "apw");
        String url = invite(olga);
        assertTrue(url.endsWith("/group/demo/?token=tok1"), url);

        Page guest = browsers.newPage();
        guest.navigate(url);
        assertThat(guest.locator("#password-field")).isHidden();
        guest.locator("#username").fill("guest");
        guest.locator("#connect").click();
        assertThat(userEntry(olga, "guest")).isVisible();
    }

    @Test
    void fileOfOneMebibyteArrivesIntactPeerToPeer() throws Exception {
        Page alice = join("alice", "apw");
        Page bob = join("bob", "bpw");
        sendMebibyte(alice, "alice", bob, "bob");
    }

    @Test
    void rejectedFileIsCancelledOnBothSides() {
        Page alice = join("alice", "apw");
        Page bob = join("bob", "bpw");
        FileChooser chooser = alice.waitForFileChooser(() -> userMenu(alice, "bob", "Send a file…"));
        chooser.setFiles(new FilePayload("a.txt", "text/plain", "hi".getBytes()));
        bob.locator(".filetransfer").getByText("Reject").click();
        assertThat(alice.locator(".filetransfer .ft-status")).hasText("The receiver declined the file.");
        assertThat(bob.locator(".filetransfer")).hasClass(java.util.regex.Pattern.compile("failed"));
    }

    @Test
    void enableMuteShareAndDisableDriveTheLocalMedia() {
        group.holdOffers();
        Page page = open("", 1280, 800);
        login(page, "olga", "opw", "both");
        Locator own = page.locator(".tile.local[data-label=camera]");
        // starting the fake camera can take a while on a loaded machine
        assertThat(own).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(20000));
        assertEquals(true, own.locator("video").evaluate("v => v.muted"), "the own preview is muted");
        page.waitForFunction("v => v.videoWidth > 0", own.locator("video").elementHandle());
        assertThat(page.locator("#enable")).isHidden();
        page.locator("#mute").click();
        assertThat(page.locator("#mute")).hasAttribute("aria-pressed", "true");
        assertEquals(false, page.evaluate("() => nereidPage.media.camera.getAudioTracks()[0].enabled"));
        page.locator("#share").click();
        assertThat(page.locator(".tile.local[data-label=screenshare] .tile-name")).hasText("olga (screen)");
        page.locator("#unshare").click();
        assertThat(page.locator(".tile.local[data-label=screenshare]")).hasCount(0);
        page.locator("#disable").click();
        assertThat(own).hasCount(0);
        assertThat(page.locator("#enable")).isVisible();
        // camera off: an audio-only tile
        page.locator("#toggle-menu").click();
        page.locator("#audio-only").check();
        page.locator("#close-menu").click();
        page.locator("#enable").click();
        assertThat(own).hasClass(java.util.regex.Pattern.compile("audio-only"));
        // the offer leaves after the preview shows
        page.waitForCondition(() -> group.offeredLabels().size() == 3);
        assertEquals(List.of("camera", "screenshare", "camera"), group.offeredLabels());
    }

    @Test
    void aStreamTheServerAbortsStopsTheCamera() {
        Page page = open("", 1280, 800);
        login(page, "olga", "opw", "both");
        assertJoined(page);
        page.waitForCondition(() -> group.offeredLabels().contains("camera"));
        assertThat(page.locator(".tile.local")).hasCount(0);
        assertThat(page.locator("#enable")).isVisible();
        assertEquals(0, ((Number) page.evaluate("() => Object.keys(nereidPage.streams.up).length")).intValue());
    }

    @Test
    void keyboardAloneOpensAMessageMenuAndAnOperatorDeletesTheMessage() {
        Page alice = join("alice", "apw");
        Page olga = join("olga", "opw");
        say(alice, "oops, wrong window");
        say(alice, "this one stays");
        assertThat(olga.locator("#chat-log")).containsText("this one stays");
        olga.locator("#chat-log").focus();
        olga.keyboard().press("ArrowUp");
        olga.keyboard().press("ArrowUp");
        assertThat(olga.locator("#chat-log .msg", new Page.LocatorOptions().setHasText("oops"))).isFocused();
        olga.keyboard().press("Enter");
        assertThat(menuItem(olga, "Copy")).isFocused();
        olga.keyboard().press("ArrowDown");
        olga.keyboard().press("ArrowDown");
        assertThat(menuItem(olga, "Delete message")).isFocused();
        olga.keyboard().press("Enter");
        assertThat(alice.locator("#chat-log")).not().containsText("oops");
        assertThat(olga.locator("#chat-log")).not().containsText("oops");
        assertThat(alice.locator("#chat-log")).containsText("this one stays");
        // the user list answers the keyboard too
        userEntry(olga, "alice").focus();
        olga.keyboard().press("Enter");
        assertThat(menuItem(olga, "Send a private message")).isFocused();
        olga.keyboard().press("Escape");
        assertThat(userEntry(olga, "alice")).isFocused();
    }

    @Test
    void narrowScreenShowsOnlyVideosWithButtonsForPeopleAndChat() {
        Page page = open("", 390, 800);
        login(page, "alice", "apw");
        assertJoined(page);
        assertThat(page.locator("#videos-pane")).isVisible();
        assertThat(page.locator("#users-pane")).isHidden();
        assertThat(page.locator("#chat-pane")).isHidden();
        page.locator("#toggle-chat").click();
        assertThat(page.locator("#chat-pane")).isVisible();
        assertThat(page.locator("#toggle-chat")).hasAttribute("aria-expanded", "true");
        page.locator("#toggle-users").click();
        assertThat(page.locator("#users-pane")).isVisible();
        assertThat(page.locator("#chat-pane")).isHidden();
        assertThat(userEntry(page, "alice (you)")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Paths.get("target/narrow-users.png")));
    }

    @Test
    void embeddedBrowserWithoutWebRtcKeepsChatAndModerationAndOffersABrowser() {
        Page page = browsers.newPage();
        // What JavaFX's WebView lacks; the page must not touch these on this path.
        page.addInitScript("""
                delete window.RTCPeerConnection;
                Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined });
                Object.defineProperty(Crypto.prototype, 'subtle', { get() { throw new Error('crypto.subtle used'); } });
                delete window.WebAssembly; delete window.AudioContext;
                """);
        page.addInitScript(BRIDGE);
        page.navigate(site.groupUrl("demo"));
        assertThat(page.locator("#present-field")).isHidden();
        page.locator("#username").fill("olga");
        page.locator("#password").fill("opw");
        page.locator("#connect").click();
        assertThat(page.locator("#bridge-banner")).isVisible();
        assertThat(page.locator("#bridge-text")).containsText("cannot send or receive audio and video");
        assertThat(page.locator("#media-controls")).isHidden();
        Page bob = join("bob", "bpw");
        say(page, "moderating from the console");
        assertThat(bob.locator("#chat-log")).containsText("moderating from the console");
        userEntry(page, "bob").click();
        assertThat(menuItem(page, "Send a file…")).hasCount(0);
        menuItem(page, "Kick out").click();
        assertThat(bob.locator("#login-error")).containsText("removed");
        page.locator("#open-in-browser").click();
        assertEquals(site.groupUrl("demo"), page.evaluate("() => window.openedInBrowser"));
        assertTrue(((Number) page.evaluate("() => window.bridgeSends")).intValue() > 3, "the page spoke through the bridge");
    }
}
