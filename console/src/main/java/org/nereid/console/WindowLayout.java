package org.nereid.console;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/** Remembers the window's size, position and tab between runs (Java preferences). */
public final class WindowLayout {
    private final Preferences prefs;

    public WindowLayout(Preferences prefs) {
        this.prefs = prefs;
    }

    public static WindowLayout forConsole() {
        return new WindowLayout(Preferences.userNodeForPackage(WindowLayout.class).node("window"));
    }

    /** Gives the stage its remembered size, position and tab. */
    public void restore(Stage stage, TabPane tabs) {
        restore(stage);
        int tab = prefs.getInt("tab", 0);
        if (tab >= 0 && tab < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(tab);
        }
    }

    /** Remembers the stage's size, position and tab. */
    public void save(Stage stage, TabPane tabs) {
        save(stage);
        prefs.putInt("tab", tabs.getSelectionModel().getSelectedIndex());
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // the layout is a convenience: the next start uses the defaults
        }
    }

    private void restore(Stage stage) {
        stage.setWidth(prefs.getDouble("width", 1180));
        stage.setHeight(prefs.getDouble("height", 780));
        double x = prefs.getDouble("x", Double.NaN);
        double y = prefs.getDouble("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
    }

    private void save(Stage stage) {
        prefs.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
            prefs.putDouble("x", stage.getX());
            prefs.putDouble("y", stage.getY());
        }
    }
}
