package org.nereid.client;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright; one browser per test
 * class, one context per participant. Console errors and uncaught page errors
 * are collected so a test can require a clean console.
 */
final class Browsers implements AutoCloseable {
    private final Playwright playwright;
    private final Browser browser;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    Browsers() {
        // two cores shared with five other builds: give the page time, never a timed assertion on speed
        PlaywrightAssertions.setDefaultAssertionTimeout(15000);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu",
                        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                        "--allow-loopback-in-peer-connection",
                        // without a camera permission Chromium hides host candidates behind mDNS
                        // names, which nothing resolves in the loopback-only namespace
                        "--disable-features=WebRtcHideLocalIpsWithMdns",
                        "--autoplay-policy=no-user-gesture-required",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    /** A new participant: its own context (storage, permissions) and page. */
    Page newPage(int width, int height) {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height)
                .setPermissions(List.of("camera", "microphone", "clipboard-read", "clipboard-write")));
        Page page = ctx.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) && !expectedNotFound(m.text(), m.location()))
                errors.add(page.url() + ": " + m.text() + " (" + m.location() + ")");
            if (Boolean.getBoolean("nereid.browser.console")) System.out.println("[page " + m.type() + "] " + m.text());
        });
        page.onPageError(e -> errors.add(page.url() + ": uncaught " + e));
        return page;
    }

    /**
     * Chromium logs every 4xx a fetch gets. The page asks /invitation/TOKEN about
     * each token link, and a 4xx there is an answer the page shows (an unknown
     * token, a server without invitation pages, a user name already taken), not a fault;
     * so is a 401 to a password change whose current password is wrong.
     */
    private static boolean expectedNotFound(String text, String location) {
        return text.matches(".*status of 4\\d\\d.*") && location != null
                && (location.contains("/invitation/") || location.contains("/.password"));
    }

    /** Closes every participant's context: a failed test must not leave people in the meeting. */
    void closePages() {
        for (BrowserContext c : browser.contexts()) c.close();
    }

    Page newPage() {
        return newPage(1280, 800);
    }

    /** Console errors seen so far, and forgets them. */
    List<String> takeErrors() {
        synchronized (errors) {
            List<String> copy = new ArrayList<>(errors);
            errors.clear();
            return copy;
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
