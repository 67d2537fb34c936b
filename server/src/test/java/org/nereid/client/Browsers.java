package org.nereid.client;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.nereid.testing.Chromium;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link Chromium} for the meeting-page tests: one browser per test class, one
 * context per participant. Console errors and uncaught page errors
 * are collected so a test can require a clean console.
 */
final class Browsers implements AutoCloseable {
    private final Chromium chromium;
    private final Browser browser;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    Browsers() {
        // two cores shared with five other builds: give the page time, never a timed assertion on speed
        PlaywrightAssertions.setDefaultAssertionTimeout(15000);
        chromium = Chromium.launch();
        browser = chromium.browser();
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
        chromium.close();
    }
}
