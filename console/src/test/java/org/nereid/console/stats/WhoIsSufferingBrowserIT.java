package org.nereid.console.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeTableCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.nereid.admin.AdminClient;
import org.nereid.admin.UserRef;
import org.nereid.client.MeetingPages;
import org.nereid.console.Console;
import org.nereid.console.RealServer;
import org.nereid.console.Screenshots;
import org.nereid.testing.Chromium;
import org.nereid.testing.NetworkImpairment;

/**
 * Who is suffering, for real: the console starts the server on this computer (the real jar,
 * in this test's loopback-only namespace), Chromium's alice publishes her camera from the
 * meeting page, Chromium's bob watches it, and nftables then drops 30 % of what the server
 * sends. The Statistics tab must name both, colour bob's link red and alice's not, and raise
 * an alert for bob.
 */
@ExtendWith(ApplicationExtension.class)
class WhoIsSufferingBrowserIT {
    private static final String GROUP = "meet";
    private static Console console;
    private static Scene scene;
    private static Path home;

    @BeforeAll
    static void requireServerJar() throws Exception {
        home = RealServer.home("console-suffering-test");
        // joining takes longer than Playwright's 5 s on a machine shared by many builds
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
    }

    @Start
    void start(Stage stage) {
        console = new Console(home.resolve("config/console"), url -> { });
        scene = console.scene(1180, 780); // within Monocle's headless screen (1280x800)
        stage.setScene(scene);
        stage.show();
    }

    @AfterAll
    static void stop() throws Exception {
        RealServer.close(console);
    }

    private static void await(String what, long seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status: "
                    + console.context().background().message().get() + "; rows: " + stats().rows()
                    + "; server log:\n" + String.join("\n", console.servers().log()), e);
        }
    }

    private static StatsModel stats() {
        return console.views().stream().filter(v -> v instanceof StatsView).map(v -> ((StatsView) v).model())
                .findFirst().orElseThrow();
    }

    /** The person rows of the group in the table's model, by name. */
    private static Map<String, StatsRow> people() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Map<String, StatsRow> byName = new java.util.HashMap<>();
            for (StatsRow g : stats().rows()) {
                for (StatsRow p : g.children()) {
                    byName.put(p.name(), p);
                }
            }
            return byName;
        }).get();
    }

    @Test
    void aReceiverLosingPacketsIsNamedAndRed(FxRobot robot) throws Exception {
        robot.clickOn("#local-start");
        Label health = robot.lookup("#local-health").queryAs(Label.class);
        await("the server to start", 120, () -> health.getText().equals("Running."));
        AdminClient api = console.context().api().get();
        api.createGroup(GROUP, Map.of());
        for (String user : List.of("alice", "bob")) {
            api.createUser(GROUP, UserRef.named(user), Map.of("permissions", "present"));
            api.setPasswordHashedByServer(GROUP, UserRef.named(user), user + "-pw");
        }
        int media = Integer.parseInt(api.health().path("media").path("udp").asText());

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        try (Chromium chromium = Chromium.launch()) {
            String url = api.groupPage(GROUP).toString();
            Page alice = MeetingPages.join(page(chromium.browser()), url, "alice", "alice-pw", "both");
            Page bob = MeetingPages.join(page(chromium.browser()), url, "bob", "bob-pw", "");
            bob.waitForFunction("() => { const v = document.querySelector('#videos video');"
                    + " return v && v.videoWidth > 0 && v.currentTime > 0; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(60000));
            await("both by name, bob receiving", 60, () -> {
                Map<String, StatsRow> p = people();
                return p.containsKey("alice") && p.containsKey("bob") && !p.get("bob").children().isEmpty();
            });
            await("alice's frame rate, counted by the server", 30, () -> {
                String fps = people().get("alice").children().get(0).children().stream()
                        .filter(t -> t.name().equals("video")).map(t -> t.text(StatsRow.Column.FPS))
                        .findFirst().orElse("");
                return !fps.isEmpty() && Double.parseDouble(fps) > 0;
            });
            // other figures may be amber or red on a loaded machine (jitter, frame rate); loss must not be yet
            assertNotEquals(Severity.BAD, loss(people().get("bob")), "before the loss: " + describe(people().get("bob")));

            try (NetworkImpairment net = NetworkImpairment.onServerPorts(media, media).loss(30, 0)) {
                await("bob's loss red", 60, () -> loss(people().get("bob")) == Severity.BAD);
                await("bob's name and his loss drawn red", 10, () -> WaitForAsyncUtils.asyncFx(() -> {
                    List<String> red = robot.lookup(".tree-table-cell.severity-bad").queryAll().stream()
                            .filter(n -> n instanceof TreeTableCell<?, ?>)
                            .map(n -> ((TreeTableCell<?, ?>) n).getText()).toList();
                    return red.contains("bob") && red.stream().anyMatch(t -> t != null && t.matches("\\d+\\.\\d"));
                }).get());
                await("an alert for bob", 30, () -> WaitForAsyncUtils.asyncFx(() -> stats().alerts().stream()
                        .anyMatch(a -> a.person().equals("bob"))).get());
                // hold the table still (no more samples) so that the picture shows what is asserted
                WaitForAsyncUtils.asyncFx(() -> stats().stop()).get();
                await("the last sample in", 10, () -> console.context().background().running().get() == 0);
                WaitForAsyncUtils.waitForFxEvents();
                assertEquals(Severity.BAD, loss(people().get("bob")), describe(people().get("bob")));
                Screenshots.save(scene, "statistics-suffering");
                StatsRow bobRow = people().get("bob");
                StatsRow aliceRow = people().get("alice");
                Map<String, Long> dropped = net.packets();
                System.out.println("30 % down loss (load " + Files.readString(Path.of("/proc/loadavg")).strip()
                        + "), nft " + dropped + ":\n" + describe(bobRow) + "\n" + describe(aliceRow) + "\nalerts: "
                        + WaitForAsyncUtils.asyncFx(() -> List.copyOf(stats().alerts())).get());
                assertTrue(dropped.getOrDefault("down-loss", 0L) > 0, "the network really lost packets: " + dropped);
                assertEquals("receives", bobRow.children().get(0).name().substring(0, 8), bobRow.toString());
                assertTrue(bobRow.children().get(0).name().endsWith("from alice"), bobRow.children().get(0).name());
                assertNotEquals(Severity.BAD, loss(aliceRow), "alice sends through an unimpaired uplink: "
                        + describe(aliceRow));
                assertEquals(Severity.BAD, bobRow.severity(StatsRow.Column.NAME), describe(bobRow));
                assertTrue(alice.isVisible("#videos"), "alice is still in the meeting");
            }
        }
    }

    /** The worst loss of a row and the rows below it. */
    private static Severity loss(StatsRow row) {
        Severity s = row.severity(StatsRow.Column.LOSS);
        for (StatsRow c : row.children()) {
            s = s.worst(loss(c));
        }
        return s;
    }

    private static String describe(StatsRow row) {
        StringBuilder b = new StringBuilder(row.toString());
        for (StatsRow c : row.children()) {
            b.append("\n  ").append(describe(c).replace("\n", "\n  "));
        }
        return b.toString();
    }

    private static Page page(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions().setPermissions(List.of("camera", "microphone")))
                .newPage();
    }
}
