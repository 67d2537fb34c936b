package org.nereid.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

import org.nereid.admin.AdminClient;
import org.nereid.admin.UserRef;
import org.nereid.model.AuditEntry;
import org.nereid.console.server.JsonFields;
import org.nereid.console.server.ServerProfile;

/**
 * The console against a real Nereid server that it starts itself ("this computer":
 * server/target/nereid-server.jar as a child process on 127.0.0.1), driven through the GUI.
 * Steps share one console and one server, in order.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerConsoleTest {
    private static final String GROUP = "staff";
    private static Console console;
    private static Scene scene;
    private static Path home;
    /** What the console asked the system to open (browser, player). */
    private static final java.util.List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void requireServerJar() throws Exception {
        home = RealServer.home("console-server-test");
    }

    @Start
    void start(Stage stage) {
        if (console == null) {
            System.setProperty("nereid.console.downloads", home.resolve("downloads").toString());
            console = new Console(home.resolve("config/console"), shown::add);
            scene = console.scene(1180, 780);
        }
        stage.setScene(scene);
        stage.show();
    }

    @AfterAll
    static void stop() throws Exception {
        RealServer.close(console);
    }

    /** The console's connection (made by the first step). */
    private static AdminClient api() {
        AdminClient api = console.context().api().get();
        assertNotNull(api, "not connected (see the first step)");
        return api;
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status: "
                    + console.context().background().message().get() + "; server log:\n"
                    + String.join("\n", console.servers().log()), e);
        }
    }

    /** A dialog's button once its window shows: its pane is in the scene graph before, and a person clicks what they see. */
    private static Node whenVisible(FxRobot robot, String text) throws Exception {
        await("\"" + text + "\" shown", () -> robot.lookup(text).match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        return robot.lookup(text).match(NodeQueryUtils.isVisible()).query();
    }

    private static ProtocolClient protocolClient() throws Exception {
        return ProtocolClient.connect(api().webSocket());
    }

    private static void createUser(String name, Object permissions, String password) throws Exception {
        api().createUser(GROUP, UserRef.named(name), java.util.Map.of("permissions", permissions));
        api().setPasswordHashedByServer(GROUP, UserRef.named(name), password);
    }

    private static void shortcut(FxRobot robot, KeyCode digit) {
        robot.press(KeyCode.CONTROL, digit).release(digit, KeyCode.CONTROL);
    }

    @Test
    @Order(1)
    void startsTheServerOnThisComputerWithItsInitialSetup(FxRobot robot) throws Exception {
        robot.clickOn("#local-start");
        Label health = robot.lookup("#local-health").queryAs(Label.class);
        await("the server to start", () -> !health.getText().startsWith("Starting"));
        Path data = home.resolve("config/local-server/data");
        assertTrue(Files.exists(data.resolve("config.json")), "initial setup wrote config.json");
        assertNotNull(console.context().store().secret(ServerProfile.LOCAL_NAME), "admin password remembered");
        await("the server's log", () -> !console.servers().log().isEmpty());
        assertTrue(console.servers().local().isRunning(), "server process alive: " + health.getText()
                + "\n" + String.join("\n", console.servers().log()));
        Screenshots.save(scene, "servers");
        assertTrue(health.getText().startsWith("Running"), health.getText());
        assertNotNull(api(), "connected with no manual step");
    }

    @Test
    @Order(2)
    void createsAGroup(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT2);
        robot.clickOn("#group-new");
        robot.clickOn("#group-name").write(GROUP);
        robot.clickOn("Allow recording");
        robot.clickOn("#group-max-clients").write("abc");
        robot.clickOn("#group-save");
        Label errors = robot.lookup("#group-errors").queryAs(Label.class);
        assertTrue(errors.getText().contains("whole number"), errors.getText());
        robot.interact(() -> robot.lookup("#group-max-clients").queryAs(TextField.class).setText("20"));
        robot.clickOn("#group-save");
        TableView<?> table = robot.lookup("#groups-table").queryAs(TableView.class);
        await("the group in the table", () -> table.getItems().size() == 1);
        JsonNode saved = JsonFields.tree(api().getGroupFields(GROUP)).value();
        assertEquals(20, saved.path("max-clients").asInt());
        assertTrue(saved.path("allow-recording").asBoolean());
        Screenshots.save(scene, "groups");
    }

    @Test
    @Order(3)
    void editConflictOffersTheServersVersion(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT2);
        TableView<?> table = robot.lookup("#groups-table").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#group-edit");
        await("the editor", () -> robot.lookup("#group-name").tryQuery().isPresent());
        var current = JsonFields.tree(api().getGroupFields(GROUP));
        current.value().put("displayName", "Changed elsewhere");
        api().updateGroup(GROUP, current.value(), current.etag());
        robot.clickOn("#group-save");
        Node reload = whenVisible(robot, "Reload theirs");
        Screenshots.save(reload.getScene(), "groups-conflict");
        robot.clickOn(reload);
        await("the editor with their version", () -> robot.lookup("Changed elsewhere").tryQuery().isPresent());
        robot.clickOn("Cancel");
    }

    @Test
    @Order(4)
    void addsAUserWhoJoinsWithTheirPassword(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT3);
        robot.clickOn("#user-new");
        robot.clickOn("#user-name").write("bob");
        robot.interact(() -> robot.lookup("#user-permissions").queryComboBox().getEditor().setText("present"));
        robot.clickOn("#user-password").write("bob-pw");
        robot.clickOn("#user-save");
        TableView<?> table = robot.lookup("#users-table").queryAs(TableView.class);
        await("bob in the table", () -> table.getItems().size() == 1);
        Screenshots.save(scene, "users");
        assertEquals(java.util.List.of("bob"), api().listUsers(GROUP));
        assertEquals("present", api().getUserFields(GROUP, UserRef.named("bob")).value().get("permissions"));
        try (ProtocolClient c = protocolClient()) {
            JsonNode refused = c.join(GROUP, "bob", "wrong");
            assertEquals("fail", refused.path("kind").asText(), refused.toString());
        }
        try (ProtocolClient c = protocolClient()) {
            JsonNode joined = c.join(GROUP, "bob", "bob-pw");
            assertEquals("join", joined.path("kind").asText(), joined.toString());
        }
    }

    @Test
    @Order(5)
    void invitationJoinsUntilRevoked(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT4);
        robot.clickOn("#invite-new");
        robot.clickOn("#invite-create");
        TableView<?> table = robot.lookup("#invites-table").queryAs(TableView.class);
        // the freshly minted invitation is selected once listed, and its link and QR code stay shown
        await("the invitation listed and selected", () -> table.getItems().size() == 1
                && table.getSelectionModel().getSelectedIndex() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        TextField link = robot.lookup("#invite-link").queryAs(TextField.class);
        String inviteLink = link.getText();
        String token = ((org.nereid.console.invites.Invitation) table.getItems().get(0)).token();
        assertEquals(api().groupPage(GROUP) + "?token=" + token, inviteLink);
        assertNotNull(robot.lookup("#invite-qr").queryAs(ImageView.class).getImage(), "QR code shown");
        robot.clickOn("Refresh (F5)");
        await("the list refreshed", () -> console.context().background().running().get() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(inviteLink, link.getText(), "the link stays after the list refreshes");
        assertNotNull(robot.lookup("#invite-qr").queryAs(ImageView.class).getImage(), "the QR code stays");
        Screenshots.save(scene, "invitations");
        try (ProtocolClient c = protocolClient()) {
            // an invitation for no one in particular asks the guest to choose a name
            JsonNode asked = c.joinWithToken(GROUP, token, null);
            assertEquals("need-username", asked.path("error").asText(), asked.toString());
        }
        try (ProtocolClient c = protocolClient()) {
            JsonNode joined = c.joinWithToken(GROUP, token, "guest");
            assertEquals("join", joined.path("kind").asText(), joined.toString());
        }
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#invite-revoke");
        robot.clickOn(whenVisible(robot, "OK"));
        await("revoked status", () -> table.getItems().size() == 1
                && ((org.nereid.console.invites.Invitation) table.getItems().get(0)).status(java.time.Instant.now())
                        == org.nereid.model.TokenState.REVOKED);
        try (ProtocolClient c = protocolClient()) {
            JsonNode refused = c.joinWithToken(GROUP, token, "guest");
            assertEquals("fail", refused.path("kind").asText(), refused.toString());
        }
    }

    @Test
    @Order(6)
    void registrationInvitationWithAUseLimit(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT4);
        robot.clickOn("#invite-new");
        robot.interact(() -> robot.lookup("#invite-kind").queryAs(javafx.scene.control.ChoiceBox.class)
                .setValue(org.nereid.model.TokenKind.REGISTER));
        robot.clickOn("#invite-max-uses").write("3");
        robot.clickOn("#invite-create");
        TableView<?> table = robot.lookup("#invites-table").queryAs(TableView.class);
        await("the registration invitation listed and selected", () -> table.getItems().size() == 2
                && table.getSelectionModel().getSelectedItem() != null
                && ((org.nereid.console.invites.Invitation) table.getSelectionModel().getSelectedItem()).kind()
                        == org.nereid.model.TokenKind.REGISTER);
        var minted = (org.nereid.console.invites.Invitation) table.getSelectionModel().getSelectedItem();
        assertEquals("0 of 3", minted.usesText());
        assertEquals(org.nereid.model.TokenState.VALID, minted.status(java.time.Instant.now()));
        var stored = api().getTokenFields(GROUP, minted.token()).value();
        assertEquals("register", stored.get("kind"));
        assertEquals(3, ((Number) stored.get("max-uses")).intValue());
        // the table draws its cells on a later pulse
        await("the Kind column to show it", () -> robot.lookup("register").tryQuery().isPresent());
        await("the Uses column to show it", () -> robot.lookup("0 of 3").tryQuery().isPresent());
        Screenshots.save(scene, "invitations");
    }

    @Test
    @Order(7)
    void statisticsChartReceivesPoints(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT5);
        LineChart<?, ?> counts = robot.lookup("#stats-counts").queryAs(LineChart.class);
        await("three points", () -> counts.getData().get(0).getData().size() >= 3);
        Screenshots.save(scene, "statistics");
        try (ProtocolClient c = protocolClient()) {
            assertEquals("join", c.join(GROUP, "bob", "bob-pw").path("kind").asText());
            await("a point with the client", () -> {
                var clients = counts.getData().get(0).getData();
                return ((Number) clients.get(clients.size() - 1).getYValue()).intValue() >= 1;
            });
            Screenshots.save(scene, "statistics");
        }
    }

    @Test
    @Order(8)
    void recordingsAreListedDownloadedAndDeleted(FxRobot robot) throws Exception {
        // A recording as the server writes it: a file in recordings/GROUP/ (made here because
        // producing one needs a browser sending media); the listing comes from the server.
        Path dir = home.resolve("config/local-server/recordings/" + GROUP);
        Files.createDirectories(dir);
        String name = "2026-11-22T07:30:05.123-bob.webm";
        byte[] content = new byte[4096];
        new java.util.Random(7).nextBytes(content);
        Files.write(dir.resolve(name), content);
        shortcut(robot, KeyCode.DIGIT6);
        TableView<?> table = robot.lookup("#recordings-table").queryAs(TableView.class);
        await("the recording listed", () -> table.getItems().size() == 1);
        var listed = (org.nereid.console.recordings.Recording) table.getItems().get(0);
        assertEquals(name, listed.name());
        assertEquals(4096, listed.size());
        assertEquals("2026-11-22 07:30:05", listed.startedText());
        Screenshots.save(scene, "recordings");

        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#recording-play");
        Path downloaded = home.resolve("downloads").resolve(name);
        await("the file downloaded and handed to the player", () -> shown.contains(downloaded.toUri().toString()));
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(downloaded)), "the downloaded bytes");

        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#recording-delete");
        robot.clickOn(whenVisible(robot, "OK"));
        await("the list emptied", () -> table.getItems().isEmpty());
        assertTrue(Files.notExists(dir.resolve(name)), "deleted on the server");
    }

    @Test
    @Order(9)
    void meetingTabChatsThroughTheBridge(FxRobot robot) throws Exception {
        createUser("carol", "present", "carol-pw");
        try (ProtocolClient peer = protocolClient()) {
            assertEquals("join", peer.join(GROUP, "carol", "carol-pw").path("kind").asText());
            String url = api().groupPage(GROUP).toString();
            shortcut(robot, KeyCode.DIGIT7);
            robot.interact(() -> robot.lookup("#meeting-address").queryAs(TextField.class).setText(url));
            robot.clickOn("#meeting-join");
            await("the page", () -> robot.lookup("#meeting-web").tryQuery().isPresent());
            try {
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pageSays(robot, "window.nereidBridge !== undefined"));
            } catch (java.util.concurrent.TimeoutException e) {
                String state = WaitForAsyncUtils.asyncFx(() -> webView(robot).getEngine().getLoadWorker().getState()
                        + " " + webView(robot).getEngine().getLocation() + " " + webView(robot).getEngine()
                        .executeScript("document.readyState + ' ' + document.title + ' ' + typeof window.nereidBridge"))
                        .get();
                throw new AssertionError("the group page in the WebView did not receive the bridge within 60 s; "
                        + "load state, location, readyState, title, typeof nereidBridge = " + state);
            }
            // the page's login form (meeting.html: #login-form, #username, #password), once the page
            // shows it: the form is in the HTML from the start, but the page sets itself up only after
            // the group's status and the bridge arrived, and a join sent before that was undone there
            await("the login dialog shown", () -> pageSays(robot, "document.getElementById('login').open === true"));
            WaitForAsyncUtils.asyncFx(() -> webView(robot).getEngine().executeScript(
                    "document.getElementById('username').value = 'bob';"
                            + "document.getElementById('password').value = 'bob-pw';"
                            + "document.getElementById('login-form').requestSubmit();")).get();
            peer.chat("hello from the protocol");
            await("the peer's message in the page", () -> pageSays(robot,
                    "document.body.innerText.includes('hello from the protocol')"));
            // the page's chat form (docs/web-client.md, meeting.html: #chat-form, #chat-input)
            try {
                await("the chat input enabled", () -> pageSays(robot, "!document.getElementById('chat-input').disabled"));
            } catch (AssertionError e) {
                String page = String.valueOf(WaitForAsyncUtils.asyncFx(() -> webView(robot).getEngine().executeScript(
                        "'body class: ' + document.body.className + '; text: ' + document.body.innerText.slice(-600)"))
                        .get());
                throw new AssertionError(page + "\n" + e.getMessage(), e);
            }
            WaitForAsyncUtils.asyncFx(() -> webView(robot).getEngine().executeScript(
                    "document.getElementById('chat-input').value = 'hello from the console';"
                            + "document.getElementById('chat-form').requestSubmit();")).get();
            JsonNode got = peer.await(m -> "chat".equals(m.path("type").asText())
                    && "hello from the console".equals(m.path("value").asText()));
            assertEquals("bob", got.path("username").asText());
            Screenshots.save(scene, "meeting");
        }
    }

    private static javafx.scene.web.WebView webView(FxRobot robot) {
        return robot.lookup("#meeting-web").queryAs(javafx.scene.web.WebView.class);
    }

    private static boolean pageSays(FxRobot robot, String script) throws Exception {
        return Boolean.TRUE.equals(WaitForAsyncUtils.asyncFx(() -> webView(robot).getEngine().executeScript(script))
                .get());
    }

    @Test
    @Order(10)
    void auditShowsWhoDidWhat(FxRobot robot) throws Exception {
        // the steps above minted and revoked an invitation, and a guest was refused with it
        shortcut(robot, KeyCode.DIGIT8);
        TableView<?> table = robot.lookup("#audit-table").queryAs(TableView.class);
        robot.clickOn("#audit-show");
        await("the trail listed", () -> table.getItems().stream().map(e -> ((AuditEntry) e).action())
                .anyMatch("tokens.post"::equals));
        AuditEntry minted = table.getItems().stream().map(e -> (AuditEntry) e)
                .filter(e -> e.action().equals("tokens.post")).findFirst().orElseThrow();
        assertEquals("admin", minted.actor().kind());
        assertEquals(GROUP, minted.group());
        Screenshots.save(scene, "audit");

        robot.interact(() -> robot.lookup("#audit-action").queryAs(TextField.class).setText("login"));
        robot.clickOn("#audit-show");
        await("only refused logins", () -> !table.getItems().isEmpty() && table.getItems().stream()
                .allMatch(e -> ((AuditEntry) e).action().equals("login")));
        AuditEntry refused = (AuditEntry) table.getItems().get(0);
        assertEquals(AuditEntry.REFUSED, refused.outcome());
        assertEquals("guest", refused.target(), "the name the revoked invitation was tried with");
    }

    @Test
    @Order(11)
    void turnSettingRestartHealthAndDiagnostics(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT1);
        TextField turn = robot.lookup("#local-turn").queryAs(TextField.class);
        Label message = robot.lookup("#local-turn-message").queryAs(Label.class);
        robot.interact(() -> turn.setText("1194"));
        robot.clickOn("#local-turn-save");
        await("the refusal", () -> message.getText().contains(":PORT"));
        assertTrue(message.getStyleClass().contains("error-text"), message.getStyleClass().toString());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        robot.interact(() -> turn.setText(":" + port));
        robot.clickOn("#local-turn-save");
        await("the setting saved", () -> message.getText().startsWith("Saved"));
        assertTrue(Files.readString(home.resolve("config/local-server/settings.json")).contains(":" + port));

        int linesBefore = console.servers().log().size();
        robot.clickOn("#local-restart");
        Label health = robot.lookup("#local-health").queryAs(Label.class);
        assertEquals("Restarting…", health.getText());
        await("the restart", () -> health.getText().startsWith("Running"));
        java.util.List<String> tail = java.util.List.copyOf(console.servers().log()
                .subList(linesBefore, console.servers().log().size()));
        assertTrue(tail.stream().anyMatch(l -> l.startsWith("The server stopped")), String.join("\n", tail));
        assertTrue(tail.stream().anyMatch(l -> l.startsWith("Starting:") && l.endsWith("-turn :" + port)),
                String.join("\n", tail));
        await("the server's own TURN line in the log tail", () -> console.servers().log().stream()
                .skip(linesBefore).anyMatch(l -> l.contains("TURN: built-in server on UDP and TCP port " + port)));

        shortcut(robot, KeyCode.DIGIT9);
        // the figures are built again at each refresh (every 3 s, on the FX thread): look them up there
        await("TURN listening on the new port", () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#health-turn")
                .tryQuery().map(n -> (Label) n).filter(l -> l.getText().startsWith("listening")
                        && l.getText().contains("port " + port) && l.getStyleClass().contains("turn-listening"))
                .isPresent()).get());
        JsonNode h = api().health();
        assertTrue(h.path("threads").asInt() > 5 && h.path("memory").path("rss").asLong() > 0, h.toString());
        String[] shownFigures = new String[3];
        await("the figures in one reading", () -> WaitForAsyncUtils.asyncFx(() -> {
            String[] ids = {"#health-threads", "#health-memory", "#health-flags"};
            for (int i = 0; i < ids.length; i++) {
                var label = robot.lookup(ids[i]).tryQuery();
                if (label.isEmpty()) {
                    return false;
                }
                shownFigures[i] = ((Label) label.get()).getText();
            }
            return true;
        }).get());
        assertTrue(Integer.parseInt(shownFigures[0]) > 5, shownFigures[0]);
        assertTrue(shownFigures[1].contains("MiB resident"), shownFigures[1]);
        assertTrue(shownFigures[2].contains("-turn :" + port), shownFigures[2]);
        Label group = robot.lookup("#health-group").queryAs(Label.class);
        await("the group's line", () -> group.getText().startsWith(GROUP + ":"));
        Screenshots.save(scene, "health");

        robot.clickOn("#health-copy");
        javafx.scene.control.TextArea text = robot.lookup("#health-diagnostics").queryAs(
                javafx.scene.control.TextArea.class);
        await("the diagnostics", () -> !text.getText().isEmpty());
        String diagnostics = text.getText();
        assertTrue(diagnostics.contains("Version: Nereid " + h.path("version").asText()), diagnostics);
        assertTrue(diagnostics.contains("TURN: listening"), diagnostics);
        assertTrue(diagnostics.contains("connectivity.html"), diagnostics);
        assertEquals(diagnostics, WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard()
                .getString()).get(), "on the clipboard too");
        robot.clickOn("#health-connectivity");
        await("the check opened in the browser", () -> shown.contains(api().serverUrl() + "connectivity.html"));
        assertEquals(200, api().httpClient().send(java.net.http.HttpRequest.newBuilder(api().connectivityPage()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), "the server serves that page");
    }

    @Test
    @Order(12)
    void theClusterTabSaysThisServerRunsAlone(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT0);
        Label status = robot.lookup("#cluster-status").queryAs(Label.class);
        await("the cluster tab's answer", () -> status.getText().contains("not in a cluster"));
        assertTrue(robot.lookup("#cluster-table").queryAs(TableView.class).getItems().isEmpty());
    }

    @Test
    @Order(13)
    void stopsTheServer(FxRobot robot) throws Exception {
        shortcut(robot, KeyCode.DIGIT1);
        robot.clickOn("#local-stop");
        await("the server to stop", () -> !console.servers().local().isRunning());
        Label health = robot.lookup("#local-health").queryAs(Label.class);
        await("health to say so", () -> health.getText().equals("Not running."));
    }
}
