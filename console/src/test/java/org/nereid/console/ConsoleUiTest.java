package org.nereid.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The console without a server: window, tabs, shortcuts, profile form, a readable connection error. */
@ExtendWith(ApplicationExtension.class)
class ConsoleUiTest {
    private Console console;
    private Path config;

    @Start
    void start(Stage stage) throws Exception {
        config = Files.createTempDirectory("console-ui").resolve("console");
        console = new Console(config, uri -> { });
        stage.setScene(console.scene(1180, 780));
        stage.show();
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void shortcutsSwitchTabs(FxRobot robot) {
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        assertEquals(10, tabs.getTabs().size());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        assertEquals("Invitations", tabs.getSelectionModel().getSelectedItem().getText());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT8).release(KeyCode.DIGIT8, KeyCode.CONTROL);
        assertEquals("Audit", tabs.getSelectionModel().getSelectedItem().getText());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.CONTROL);
        assertEquals("Health", tabs.getSelectionModel().getSelectedItem().getText());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        assertEquals("Cluster", tabs.getSelectionModel().getSelectedItem().getText());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        assertEquals("Servers", tabs.getSelectionModel().getSelectedItem().getText());
    }

    @Test
    void connectingToANonAnsweringServerSaysWhatToDo(FxRobot robot) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        robot.clickOn("#profile-name").write("Office");
        robot.interact(() -> robot.lookup("#profile-url").queryTextInputControl()
                .setText("http://127.0.0.1:" + closedPort + "/"));
        robot.interact(() -> robot.lookup("#profile-user").queryTextInputControl().setText("admin"));
        robot.clickOn("#profile-secret").write("pw");
        robot.clickOn("#connect");
        Label status = robot.lookup("#status-message").queryAs(Label.class);
        try {
            waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("does not answer"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("status: " + status.getText(), e);
        }
        assertTrue(status.getText().startsWith("Connecting to Office failed: the server does not answer."),
                status.getText());
        waitFor(5, TimeUnit.SECONDS, () -> Files.exists(config.resolve("profiles.json")));
        assertTrue(Files.readString(config.resolve("profiles.json")).contains("\"Office\""));
        Screenshots.save(robot.window(0).getScene(), "servers-error");
    }
}
