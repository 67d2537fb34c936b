package org.nereid.signal;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.testing.Chromium;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A meeting through {@code -static} pointed at a folder laid out as Galène's {@code static/}:
 * two participants log in, chat, and each sees the other's camera.
 *
 * <p>Galène's files are not part of this project, so by default the test writes the folder:
 * Galène's file names, with Nereid's own meeting client as {@code galene.html}; that proves
 * the routing with a client speaking the protocol. Run with
 * {@code -Dnereid.galene.static=/path/to/galene/static} and the folder is a copy of Galène's
 * own, and the participants use Galène's real client.
 */
class GaleneStaticBrowserIT {
    private static final String GALENE_STATIC = System.getProperty("nereid.galene.static", "");

    @TempDir
    Path dir;

    /**
     * Where a client keeps what a participant uses: the login form, how to ask for camera
     * and microphone, what shows it has joined, the chat input and log, the videos.
     */
    private record Client(String connect, Consumer<Page> presentBoth, BiConsumer<Page, String> joined, String input,
                          String chat, String videos) {
        void login(Page page, String user, String password) {
            page.locator("#username").fill(user);
            page.locator("#password").fill(password);
            presentBoth.accept(page);
            page.locator(connect).click();
            joined.accept(page, user);
        }

        void say(Page page, String line) {
            page.locator(input).fill(line);
            page.locator(input).press("Enter");
        }
    }

    /** Nereid's meeting client (static/meeting.html and static/meeting/), served as galene.html. */
    private static final Client NEREID = new Client("#connect",
            page -> page.locator("#present-choice").selectOption("both"),
            (page, user) -> assertThat(page.locator("body")).hasClass(Pattern.compile("\\bjoined\\b")),
            "#chat-input", "#chat-log", "#videos video");

    /** Galène's client (galene.html, galene.js, protocol.js). */
    private static final Client GALENE = new Client("#connectbutton",
            page -> page.locator("#presentboth").check(),
            (page, user) -> assertThat(page.locator("#userspan")).hasText(user),
            "#input", "#box", "#peers video");

    @Test
    void loginChatAndCamerasBothWays() throws Exception {
        Path site = dir.resolve("static");
        Client client = GALENE_STATIC.isEmpty() ? writeGaleneLayout(site) : copyGalenesFolder(Path.of(GALENE_STATIC), site);
        try (SfuServer media = SfuServer.withOptions(dir.resolve("server"), o -> o.withStaticDir(site), w -> { });
             Chromium chromium = Chromium.launch()) {
            media.server.writeGroup("meet", "{\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                    + " \"bob\": {\"password\": \"bpw\", \"permissions\": \"present\"}}}");
            String url = media.server.base() + "/group/meet/";
            Page alice = open(chromium.browser(), url);
            client.login(alice, "alice", "apw");
            Page bob = open(chromium.browser(), url);
            client.login(bob, "bob", "bpw");

            client.say(alice, "hello from alice");
            assertThat(bob.locator(client.chat())).containsText("hello from alice");
            client.say(bob, "hello from bob");
            assertThat(alice.locator(client.chat())).containsText("hello from bob");

            // each page shows its own camera and the other's, and both play
            for (Page page : List.of(alice, bob)) {
                assertThat(page.locator(client.videos())).hasCount(2);
                page.waitForFunction("sel => { const v = [...document.querySelectorAll(sel)];"
                        + " return v.length === 2 && v.every(e => e.videoWidth > 0 && e.currentTime > 0); }",
                        client.videos(),
                        new Page.WaitForFunctionOptions().setTimeout(30000));
            }
        }
    }

    private static Page open(Browser browser, String url) {
        Page page = browser.newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage();
        page.navigate(url);
        return page;
    }

    /**
     * Galène's documented file names; galene.html and the files under meeting/ are Nereid's
     * client, the other pages small ones of the test's own.
     */
    private static Client writeGaleneLayout(Path site) throws Exception {
        copyResource("static/meeting.html", site.resolve("galene.html"));
        java.net.URI meeting = resource("static/meeting").toURI();
        if (meeting.getScheme().equals("jar")) {      // integration tests run from the server's jar
            try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(meeting, java.util.Map.of())) {
                copyTree(jar.provider().getPath(meeting), site.resolve("meeting"));
            }
        } else {
            copyTree(Path.of(meeting), site.resolve("meeting"));
        }
        for (String page : List.of("index.html", "change-password.html", "stats.html", "404.html")) {
            Files.writeString(site.resolve(page), "<!DOCTYPE html><title>" + page + "</title>");
        }
        return NEREID;
    }

    private static java.net.URL resource(String name) throws IOException {
        java.net.URL url = GaleneStaticBrowserIT.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IOException("no resource " + name);
        }
        return url;
    }

    private static void copyResource(String name, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = resource(name).openStream()) {
            Files.copy(in, to);
        }
    }

    private static Client copyGalenesFolder(Path from, Path site) throws IOException {
        assertTrue(Files.isRegularFile(from.resolve("galene.html")), from + " is not Galène's static folder");
        copyTree(from, site);
        return GALENE;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
