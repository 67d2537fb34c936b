package org.nereid.console;

import javafx.scene.control.Alert;
import javafx.stage.Window;

/** The About dialog: which console this is, from the jar's manifest. */
final class About {
    private About() {
    }

    /** The console's version (the jar manifest's Implementation-Version), or a note when run from classes. */
    static String version() {
        String v = About.class.getPackage().getImplementationVersion();
        return v == null ? "development build (not from a jar)" : v;
    }

    static void show(Window owner) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, "Version " + version() + "\nJava "
                + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.runtime.version")
                + "\n\nAdministers Nereid and Galène servers over their admin API.");
        a.initOwner(owner);
        a.setTitle("About");
        a.setHeaderText("Nereid console");
        a.getDialogPane().setId("about-dialog");
        a.showAndWait();
    }
}
