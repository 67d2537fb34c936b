package org.nereid.console;

import java.util.prefs.Preferences;

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

    public void restore(Stage stage) {
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

    public void save(Stage stage) {
        prefs.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
            prefs.putDouble("x", stage.getX());
            prefs.putDouble("y", stage.getY());
        }
    }

    public int tab() {
        return prefs.getInt("tab", 0);
    }

    public void tab(int index) {
        prefs.putInt("tab", index);
    }
}
