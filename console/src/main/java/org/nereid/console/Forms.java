package org.nereid.console;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

/** Small helpers for forms and dialogs, so every view lays out and asks the same way. */
public final class Forms {
    private Forms() {
    }

    public static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        g.getColumnConstraints().addAll(labels, fields);
        return g;
    }

    /** Adds a labelled row; {@code help} is shown as a tooltip and as small text under the field. */
    public static void row(GridPane grid, String label, Node field, String help) {
        int row = grid.getRowCount();
        Label l = new Label(label);
        l.setLabelFor(field);
        grid.add(l, 0, row);
        grid.add(field, 1, row);
        if (help != null) {
            Tooltip.install(field, new Tooltip(help));
            Label h = new Label(help);
            h.getStyleClass().add("help");
            h.setWrapText(true);
            h.setMaxWidth(460);
            grid.add(h, 1, row + 1);
        }
    }

    /** Asks "are you sure"; returns true on OK. */
    public static boolean confirm(Window owner, String title, String text) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.OK, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    public static void error(Window owner, String title, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.getDialogPane().setMinWidth(480);
        a.show();
    }

    public static Window window(Node n) {
        return n.getScene() == null ? null : n.getScene().getWindow();
    }
}
