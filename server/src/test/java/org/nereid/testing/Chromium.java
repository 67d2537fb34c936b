package org.nereid.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright, with fake camera and microphone
 * and WebRTC over loopback: what every browser test runs its pages in.
 */
public final class Chromium implements AutoCloseable {
    private final Playwright playwright;
    private final Browser browser;

    private Chromium() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
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
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    public static Chromium launch() {
        return new Chromium();
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
