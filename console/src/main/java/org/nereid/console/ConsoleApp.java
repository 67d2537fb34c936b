package org.nereid.console;

import javafx.application.Application;
import javafx.stage.Stage;

import org.nereid.console.server.ConfigDir;

/** The JavaFX application: one window, its layout remembered between runs. */
public final class ConsoleApp extends Application {
    private Console console;

    public static void main(String[] args) {
        launch(ConsoleApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        console = new Console(ConfigDir.console(), getHostServices()::showDocument);
        WindowLayout layout = WindowLayout.forConsole();
        stage.setTitle("Nereid console");
        stage.setScene(console.scene(1180, 780));
        layout.restore(stage, console.window().tabs());
        stage.setOnCloseRequest(e -> layout.save(stage, console.window().tabs()));
        stage.show();
        console.window().refreshAll();
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
    }
}
