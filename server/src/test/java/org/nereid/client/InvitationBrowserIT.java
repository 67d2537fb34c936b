package org.nereid.client;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.client.MeetingPages.*;

/**
 * Invitation links in the meeting page against a real Nereid: the invitation
 * card for each kind and state, registering an account through it, single use
 * (also two pages racing for the last use), a single-use guest whose connection drops
 * coming back without spending the link, and an operator's /invite with its link and QR code.
 */
class InvitationBrowserIT {
    private static final String GROUP = """
            {"displayName": "Book club",
             "description": "We talk about one book a month.",
             "allow-user-invites": true,
             "users": {"olga": {"password": "opw", "permissions": "op"},
                       "mia": {"password": "mpw", "permissions": "present"},
                       "ned": {"password": "npw", "permissions": "present"}}}
            """;

    @TempDir
    static Path root;
    private static MeetingServer server;

    /** One line of tokens.jsonl, with Nereid's extra fields. */
    private static String token(String token, String kind, String username, OffsetDateTime expires, int maxUses) {
        return "{\"token\":\"" + token + "\",\"group\":\"club\""
                + (username == null ? "" : ",\"username\":\"" + username + "\"")
                + ",\"permissions\":[\"present\",\"message\"],\"expires\":\"" + expires + "\""
                + ",\"issuedBy\":\"olga\",\"issuedAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusHours(1) + "\""
                + ",\"kind\":\"" + kind + "\",\"max-uses\":" + maxUses + ",\"uses\":0}\n";
    }

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(root.resolve("groups"));
        Files.createDirectories(root.resolve("data/var"));
        Files.writeString(root.resolve("groups/club.json"), GROUP);
        // registration writes the new account into the group file
        Files.writeString(root.resolve("data/config.json"), "{\"writableGroups\": true}");
        OffsetDateTime week = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7);
        Files.writeString(root.resolve("data/var/tokens.jsonl"),
                token("reg-two", "register", null, week, 2)
                + token("join-once", "join", null, week, 1)
                + token("race-once", "join", null, week, 1)
                + token("rejoin-once", "join", null, week, 1)
                + token("gone-by", "join", null, OffsetDateTime.now(ZoneOffset.UTC).minusDays(1), 5));
        server = MeetingServer.start(root);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void everyoneLeaves() {
        server.everyoneLeaves();
    }

    private static Locator card(Page page) {
        return page.locator("#invitation");
    }

    @Test
    void registrationInvitationCreatesAnAccountWhosePasswordWorksAgain() throws Exception {
        Page guest = server.open("/group/club/?token=reg-two");
        assertThat(card(guest)).isVisible();
        assertThat(guest.locator("#inv-title")).hasText("Book club");
        assertThat(guest.locator("#inv-description")).hasText("We talk about one book a month.");
        Locator details = guest.locator("#inv-details");
        assertThat(details).containsText("register");
        assertThat(details).containsText("olga");
        assertThat(details).containsText("2 of 2");
        assertTrue(!guest.url().contains("token="), "the token is taken out of the address bar");
        assertThat(guest.locator("#inv-username")).isFocused();
        Path shots = Paths.get(System.getProperty("nereid.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        guest.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("invitation-card.png")));

        guest.locator("#inv-username").fill("rita");
        guest.locator("#inv-password").fill("secret words");
        guest.locator("#inv-confirm").fill("secret wordz");
        guest.locator("#inv-present").selectOption("");
        guest.locator("#inv-confirm").press("Enter");
        assertThat(guest.locator("#inv-error")).containsText("passwords differ");
        guest.locator("#inv-confirm").fill("secret words");
        guest.locator("#inv-confirm").press("Enter");
        assertJoined(guest);
        assertThat(userEntry(guest, "rita (you)")).isVisible();
        assertThat(guest.locator(".notice")).containsText("account is created");

        // the same name again is refused with the server's sentence, on the card
        Page other = server.open("/group/club/?token=reg-two");
        assertThat(other.locator("#inv-details")).containsText("1 of 2");
        other.locator("#inv-username").fill("rita");
        other.locator("#inv-password").fill("x");
        other.locator("#inv-confirm").fill("x");
        other.locator("#inv-submit").click();
        assertThat(other.locator("#inv-error")).containsText("already exists");
        assertThat(card(other)).isVisible();

        // a plain password login with the new account, from a fresh page
        leave(guest);
        Page again = server.open("/group/club/");
        login(again, "rita", "secret words");
        assertJoined(again);
    }

    /**
     * The page's socket is closed under it (code 4000, as a broken network path would end it):
     * the page rejoins with its rejoin credential and the link still counts one use; with the
     * credential damaged, the page falls back to the link, which is used up, and says so.
     */
    @Test
    void aSingleUseGuestWhoseConnectionDropsComesBackWithoutSpendingTheLink() throws Exception {
        Page guest = server.newPage();
        // remembers the page's sockets, so that the test can break the connection from the page's side
        guest.addInitScript("{ const Real = window.WebSocket; window.nereidSockets = [];"
                + " window.WebSocket = function (...a) { const s = new Real(...a); window.nereidSockets.push(s); return s; };"
                + " window.WebSocket.prototype = Real.prototype; Object.assign(window.WebSocket, Real); }");
        guest.navigate(server.base() + "/group/club/?token=rejoin-once");
        guest.locator("#inv-username").fill("rob");
        guest.locator("#inv-present").selectOption("");
        guest.locator("#inv-username").press("Enter");
        assertJoined(guest);
        String drop = "() => window.nereidSockets[window.nereidSockets.length - 1].close(4000)";
        Path tokens = root.resolve("data/var/tokens.jsonl");

        guest.evaluate(drop);
        guest.waitForFunction("() => nereidPage.reconnect !== null");
        guest.waitForFunction("() => nereidPage.conn && nereidPage.conn.group === 'club' && !nereidPage.reconnect"
                + " && nereidPage.conn.username === 'rob'");
        assertEquals(2, ((Number) guest.evaluate("() => window.nereidSockets.length")).intValue());
        assertTrue(line(tokens, "rejoin-once").contains("\"uses\":1"), () -> line(tokens, "rejoin-once"));

        guest.evaluate("() => { nereidPage.rejoin.token += 'x'; }");
        guest.evaluate(drop);
        assertThat(guest.locator("#login-error")).containsText("used up");
        assertTrue(line(tokens, "rejoin-once").contains("\"uses\":1"), () -> line(tokens, "rejoin-once"));
    }

    private static String line(Path tokens, String id) {
        try {
            return Files.readAllLines(tokens).stream().filter(l -> l.contains("\"" + id + "\"")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void singleUseLinkWorksOnceAndRacingPagesGetOneSeatThenExpiredLinksSaySo() {
        Page first = server.open("/group/club/?token=join-once");
        assertThat(guestDetails(first)).containsText("1 of 1");
        first.locator("#inv-username").fill("sam");
        first.locator("#inv-present").selectOption("");
        first.locator("#inv-username").press("Enter");
        assertJoined(first);

        Page second = server.open("/group/club/?token=join-once");
        assertThat(card(second)).hasAttribute("data-state", "used-up");
        assertThat(card(second)).containsText("used up");
        assertThat(card(second)).containsText("Ask olga");
        assertThat(second.locator("#inv-submit")).isHidden();

        // two pages race for the last use: one joins, the other is told the link is spent
        Page a = server.open("/group/club/?token=race-once");
        Page b = server.open("/group/club/?token=race-once");
        for (Page p : List.of(a, b)) {
            assertThat(p.locator("#inv-submit")).isVisible();
            p.locator("#inv-present").selectOption("");
        }
        a.locator("#inv-username").fill("anna");
        b.locator("#inv-username").fill("bert");
        a.evaluate("() => document.getElementById('inv-submit').click()");
        b.evaluate("() => document.getElementById('inv-submit').click()");
        Page winner = waitForOneJoined(a, b);
        Page loser = winner == a ? b : a;
        assertThat(card(loser)).hasAttribute("data-state", "used-up");
        assertThat(loser.locator("body")).not().hasClass(JOINED);

        Page late = server.open("/group/club/?token=gone-by");
        assertThat(card(late)).hasAttribute("data-state", "expired");
        assertThat(card(late)).containsText("has expired");
        late.locator("#inv-login").click();
        assertThat(late.locator("#login")).isVisible();
        assertThat(late.locator("#password-field")).isVisible();

        Page unknown = server.open("/group/club/?token=no-such-thing");
        assertThat(card(unknown)).hasAttribute("data-state", "unknown");
        assertThat(card(unknown)).containsText("not a valid invitation");
    }

    @Test
    void operatorAndMemberMakeRegistrationInvitationsWithLinkAndQrCode() {
        Page olga = server.open("/group/club/");
        login(olga, "olga", "opw");
        assertJoined(olga);
        say(olga, "/invite -register bob 7d 1");
        Locator box = olga.locator("#chat-log .invite-box").last();
        assertThat(box).containsText("Registration link (for bob");
        assertThat(box).containsText("single use");
        assertThat(box.locator("input.invite-link")).hasValue(Pattern.compile("/group/club/\\?token=.+"));
        String link = box.locator("input.invite-link").inputValue();
        assertTrue(link.startsWith(server.base() + "/group/club/?token="), link);
        Locator qr = box.locator("img.invite-qr");
        olga.waitForFunction("img => img.complete && img.naturalWidth > 0", qr.elementHandle());

        // the group menu's dialog has the same options
        userMenu(olga, "(you)", "Invite someone…");
        olga.locator("#invite-kind").selectOption("register");
        olga.locator("#invite-uses").fill("3");
        olga.locator("#invite-create").click();
        assertThat(olga.locator("#invite-result")).containsText("3 uses");
        olga.waitForFunction("() => { const i = document.querySelector('#invite-result img'); return i && i.complete && i.naturalWidth > 0; }");
        olga.locator("#invite-close").click();

        say(olga, "/listtokens");
        assertThat(olga.locator("#chat-log")).containsText("(register) for bob");
        assertThat(olga.locator("#chat-log")).containsText("used 0 of 1");

        Page bob = server.newPage();
        bob.navigate(link);
        assertThat(bob.locator("#inv-details")).containsText("bob");
        assertThat(bob.locator("#inv-username-field")).isHidden();
        assertThat(bob.locator("#inv-password")).isFocused();

        // a member, where the group sets allow-user-invites: registration invitations only
        Page mia = server.open("/group/club/");
        login(mia, "mia", "mpw");
        assertJoined(mia);
        say(mia, "/invite 2h");
        assertThat(mia.locator(".notice.error").last()).containsText("may not create join invitations");
        say(mia, "/invite -register 1d 1");
        assertThat(mia.locator("#chat-log .invite-box").last()).containsText("Registration link (valid until");
        // the group menu offers the member the dialog too, with registration as the only kind
        userMenu(mia, "(you)", "Invite someone…");
        assertThat(mia.locator("#invite-kind")).hasValue("register");
        assertThat(mia.locator("#invite-kind option[value=join]")).isDisabled();
        mia.locator("#invite-create").click();
        assertThat(mia.locator("#invite-link")).hasValue(Pattern.compile("/group/club/\\?token=.+"));
    }

    /** Galène's "change password", as a dialog: the old password proves who asks (writableGroups is on). */
    @Test
    void aMemberChangesTheirPasswordFromTheGroupMenu() {
        Page ned = server.open("/group/club/");
        login(ned, "ned", "npw");
        assertJoined(ned);
        userMenu(ned, "(you)", "Change my password…");
        ned.locator("#password-old").fill("wrong");
        ned.locator("#password-new").fill("fresh pw é");
        ned.locator("#password-again").fill("fresh pw é");
        ned.locator("#password-submit").click();
        assertThat(ned.locator("#password-message")).hasText("Your current password is not right.");
        ned.locator("#password-old").fill("npw");
        ned.locator("#password-new").fill("fresh pw é");
        ned.locator("#password-again").fill("fresh pw é");
        ned.locator("#password-submit").click();
        assertThat(ned.locator("#password-message")).containsText("Your password is changed");
        ned.locator("#password-cancel").click();
        leave(ned);

        Page old = server.open("/group/club/");
        login(old, "ned", "npw");
        assertThat(old.locator("#login-error")).isVisible();
        old.context().close();
        Page again = server.open("/group/club/");
        login(again, "ned", "fresh pw é");
        assertJoined(again);
    }

    private static Locator guestDetails(Page page) {
        return page.locator("#inv-details");
    }

    /** Waits until exactly one of two pages has joined and the other shows its card again. */
    private static Page waitForOneJoined(Page a, Page b) {
        for (int i = 0; i < 300; i++) {
            boolean ja = isJoined(a), jb = isJoined(b);
            assertTrue(!(ja && jb), "both pages joined with a single-use link");
            if (ja || jb) return ja ? a : b;
            a.waitForTimeout(100);
        }
        throw new AssertionError("neither page joined with the link");
    }

    private static boolean isJoined(Page p) {
        return JOINED.matcher(String.valueOf(p.locator("body").getAttribute("class"))).find();
    }
}
