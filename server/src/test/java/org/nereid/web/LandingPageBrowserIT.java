package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.group.GroupActivity;
import org.nereid.testing.RunningServer;

/** The landing page in Chromium, under the server's own security headers. */
class LandingPageBrowserIT {
    @TempDir
    Path dir;

    @Test
    void listsPublicGroupsAndJoinsByName() throws Exception {
        try (RunningServer server = RunningServer.start(dir, o -> o, n -> n.groupActivity(new GroupActivity() {
                @Override
                public boolean locked(String group) {
                    return false;
                }

                @Override
                public int clientCount(String group) {
                    return 2;
                }
            }));
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--no-first-run")))) {
            server.writeGroup("example", "{\"public\": true, \"displayName\": \"Example group\", \"description\": \"Try <b>it</b>\"}");
            server.writeGroup("teaching/networking", "{}");
            server.writeGroup("secret", "{\"displayName\": \"Secret\"}");

            Page page = browser.newPage();
            List<String> errors = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });
            page.onPageError(e -> errors.add("uncaught " + e));
            page.onResponse(r -> {
                if (r.status() >= 400) {
                    errors.add(r.status() + " " + r.url());
                }
            });

            page.navigate(server.base() + "/");
            page.locator("#public-groups li").first().waitFor();
            assertEquals(1, page.locator("#public-groups li").count());
            String item = page.locator("#public-groups li").innerText();
            assertTrue(item.contains("Example group"), item);
            assertTrue(item.contains("2 people"), item);
            assertTrue(item.contains("Try <b>it</b>"), "descriptions are text, not HTML: " + item);
            assertEquals("/group/example/", page.locator("#public-groups a").getAttribute("href"));

            page.fill("#group", "teaching/networking");
            page.click("button[type=submit]");
            page.waitForURL(server.base() + "/group/teaching/networking/");
            assertEquals(List.of(), errors, "no console errors, no CSP violations");
        }
    }
}
