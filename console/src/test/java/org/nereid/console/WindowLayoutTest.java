package org.nereid.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.prefs.Preferences;

import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window's size, position and tab are saved on close and given back at the next start. */
@ExtendWith(ApplicationExtension.class)
class WindowLayoutTest {
    private final Preferences prefs = Preferences.userRoot().node("nereid-test/window-" + System.nanoTime());

    @Start
    void start(Stage stage) {
        // each test opens its own console windows
    }

    @AfterEach
    void forget() throws Exception {
        prefs.removeNode();
    }

    /** A console window as ConsoleApp makes it, with the layout restored. */
    private static Console open(FxRobot robot, WindowLayout layout, Stage[] stage) throws Exception {
        Console console = new Console(Files.createTempDirectory("layout").resolve("console"), uri -> { });
        robot.interact(() -> {
            stage[0] = new Stage();
            stage[0].setScene(console.scene(1180, 780));
            layout.restore(stage[0], console.window().tabs());
            stage[0].show();
        });
        return console;
    }

    @Test
    void sizePositionAndTabComeBack(FxRobot robot) throws Exception {
        Stage[] first = new Stage[1];
        try (Console console = open(robot, new WindowLayout(prefs), first)) {
            TabPane tabs = console.window().tabs();
            robot.interact(() -> {
                first[0].setX(40);
                first[0].setY(30);
                first[0].setWidth(900);
                first[0].setHeight(640);
                tabs.getSelectionModel().select(3);
                new WindowLayout(prefs).save(first[0], tabs);
                first[0].close();
            });
        }
        Stage[] second = new Stage[1];
        try (Console console = open(robot, new WindowLayout(prefs), second)) {
            assertEquals(40, second[0].getX());
            assertEquals(30, second[0].getY());
            assertEquals(900, second[0].getWidth());
            assertEquals(640, second[0].getHeight());
            assertEquals("Invitations", console.window().tabs().getSelectionModel().getSelectedItem().getText());
            robot.interact(() -> second[0].close());
        }
    }

    @Test
    void theFirstStartHasTheDefaultLayout(FxRobot robot) throws Exception {
        Stage[] stage = new Stage[1];
        try (Console console = open(robot, new WindowLayout(prefs), stage)) {
            assertEquals(1180, stage[0].getWidth());
            assertEquals(780, stage[0].getHeight());
            assertEquals(0, console.window().tabs().getSelectionModel().getSelectedIndex());
            robot.interact(() -> stage[0].close());
        }
    }
}
