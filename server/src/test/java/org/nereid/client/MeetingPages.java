package org.nereid.client;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a participant does on the meeting page, for the browser tests. */
public final class MeetingPages {
    static final Pattern JOINED = Pattern.compile("\\bjoined\\b");

    private MeetingPages() {
    }

    /** Fills the login dialog and submits it; {@code present} is "", "mike" or "both". */
    static void login(Page page, String user, String password, String present) {
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#present-choice").selectOption(present);
        page.locator("#connect").click();
    }

    static void login(Page page, String user, String password) {
        login(page, user, password, "");
    }

    static void assertJoined(Page page) {
        assertThat(page.locator("body")).hasClass(JOINED);
    }

    /** Opens a group's meeting page at {@code url}, logs in and waits until the page has joined. */
    public static Page join(Page page, String url, String user, String password, String present) {
        page.navigate(url);
        login(page, user, password, present);
        assertJoined(page);
        return page;
    }

    /** Leaves the meeting where a page has joined, and closes each page's context. */
    static void leave(Page... pages) {
        for (Page p : pages) {
            if (p.locator("#leave").isVisible()) p.locator("#leave").click();
            p.context().close();
        }
    }

    static void say(Page page, String line) {
        page.locator("#chat-input").fill(line);
        page.locator("#chat-input").press("Enter");
    }

    static Locator userEntry(Page page, String name) {
        return page.locator("#users button.user", new Page.LocatorOptions().setHasText(name));
    }

    static Locator menuItem(Page page, String item) {
        return page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName(item));
    }

    static void userMenu(Page page, String name, String item) {
        userEntry(page, name).click();
        menuItem(page, item).click();
    }

    /** The op's group menu, the invitation dialog, and the link it yields. */
    static String invite(Page op) {
        userMenu(op, "(you)", "Invite someone…");
        op.locator("#invite-create").click();
        Locator link = op.locator("#invite-link");
        assertThat(link).hasValue(Pattern.compile("/group/demo/\\?token=.+"));
        String url = link.inputValue();
        op.locator("#invite-close").click();
        return url;
    }

    /** Sends 1 MiB of random bytes from one page to the other and checks what arrives. */
    static void sendMebibyte(Page from, String fromName, Page to, String toName) throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        FileChooser chooser = from.waitForFileChooser(() -> userMenu(from, toName, "Send a file…"));
        chooser.setFiles(new FilePayload("random.bin", "application/octet-stream", data));
        Locator offer = to.locator(".filetransfer").last();
        assertThat(offer).containsText(fromName + " offers you random.bin (1.0 MiB)");
        offer.getByText("Accept").click();
        Locator save = to.locator("a.ft-save").last();
        try {
            assertThat(save).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30000));
        } catch (AssertionError e) {
            // say where the transfer stopped (offer, peer connection, data channel, bytes) on both sides
            throw new AssertionError("the file did not arrive within 30 s; sender shows "
                    + from.locator(".filetransfer").allInnerTexts() + ", receiver shows "
                    + to.locator(".filetransfer").allInnerTexts(), e);
        }
        assertThat(from.locator(".filetransfer .ft-status").last()).hasText("Sent.");
        Download download = to.waitForDownload(save::click);
        assertEquals("random.bin", download.suggestedFilename());
        byte[] got = Files.readAllBytes(download.path());
        assertEquals(sha256(data), sha256(got), "the file arrived changed");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
