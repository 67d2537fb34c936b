package org.nereid.console.cluster;

import java.time.Duration;
import java.util.Optional;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import org.nereid.console.Forms;
import org.nereid.console.TimeText;

/** Asks for a drain's deadline and confirms it: what draining a node does to its meetings. */
final class DrainDialog {
    static final String DEFAULT_DEADLINE = "30m";

    private DrainDialog() {
    }

    /** The time the node's meetings are given, or empty when the operator cancels. */
    static Optional<Duration> show(Window owner, String node, int groups) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Drain a node");
        d.setHeaderText("Drain node " + node + "?");
        TextField deadline = new TextField(DEFAULT_DEADLINE);
        deadline.setId("drain-deadline");
        GridPane g = Forms.grid();
        Label what = new Label("It takes no new groups from now on. The " + groups + " meeting(s) it hosts go on until"
                + " the deadline; those still there then are ended, and their members join again on another node."
                + " The node shows as drained when it hosts nothing: stop it then.");
        what.setWrapText(true);
        what.setMaxWidth(460);
        g.add(what, 0, 0, 2, 1);
        Forms.row(g, "Deadline", deadline, "From now. " + TimeText.DURATION_HELP);
        Label errors = new Label();
        errors.getStyleClass().add("error-text");
        errors.setWrapText(true);
        g.add(errors, 0, g.getRowCount(), 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType drain = new ButtonType("Drain", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(drain, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(drain).setId("drain-confirm");
        Duration[] result = new Duration[1];
        d.getDialogPane().lookupButton(drain).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                result[0] = wait(deadline.getText());
            } catch (IllegalArgumentException x) {
                errors.setText(x.getMessage());
                e.consume();
            }
        });
        return d.showAndWait().filter(b -> b == drain).map(b -> result[0]);
    }

    /** The typed deadline: at least a second (the server takes 0 as its own default, not "now"). */
    static Duration wait(String text) {
        Duration d = TimeText.parseDuration(text);
        if (d == null || d.toSeconds() < 1) {
            throw new IllegalArgumentException("Say how long the meetings there may go on, e.g. 30m or 2h.");
        }
        return d;
    }
}
