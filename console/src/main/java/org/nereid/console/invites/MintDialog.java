package org.nereid.console.invites;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.collections.FXCollections;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

import org.nereid.console.Forms;
import org.nereid.console.TimeText;
import org.nereid.model.TokenKind;

/** Asks what an invitation allows: for whom, which permissions, from when and until when. */
final class MintDialog {
    private MintDialog() {
    }

    static Optional<Invitation> show(Window owner, Instant now) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("New invitation");
        d.setHeaderText("Create an invitation link");
        TextField user = new TextField();
        user.setId("invite-user");
        ChoiceBox<TokenKind> kind = new ChoiceBox<>(FXCollections.observableArrayList(TokenKind.values()));
        kind.setId("invite-kind");
        kind.setValue(TokenKind.JOIN);
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(TokenKind k) {
                return k == null ? "" : k.jsonName();
            }

            @Override
            public TokenKind fromString(String s) {
                return TokenKind.of(s);
            }
        });
        TextField maxUses = new TextField();
        maxUses.setId("invite-max-uses");
        CheckBox present = new CheckBox("present");
        present.setSelected(true);
        CheckBox message = new CheckBox("message");
        message.setSelected(true);
        CheckBox op = new CheckBox("op");
        CheckBox record = new CheckBox("record");
        CheckBox caption = new CheckBox("caption");
        TextField validFor = new TextField("1d");
        validFor.setId("invite-valid-for");
        TextField notBefore = new TextField();
        CheckBox subgroups = new CheckBox("Also valid for subgroups");
        GridPane g = Forms.grid();
        Forms.row(g, "Kind", kind, "join: the link joins the group while valid. register: the link lets someone"
                + " create their own user (name and password) in the group, once per use.");
        Forms.row(g, "For", user, "A user name, or empty for an open invitation (guests choose a name).");
        Forms.row(g, "Max uses", maxUses, "Optional: how many times the link may be used (empty: no limit).");
        Forms.row(g, "Permissions", new HBox(10, present, message, op, record, caption),
                "present: send audio/video; message: chat; op: moderate; record; caption.");
        Forms.row(g, "Valid for", validFor, "From now. " + TimeText.DURATION_HELP);
        Forms.row(g, "Not before", notBefore, "Optional. " + TimeText.DATE_HELP);
        Forms.row(g, "", subgroups, null);
        Label errors = new Label();
        errors.getStyleClass().add("error-text");
        errors.setWrapText(true);
        g.add(errors, 0, g.getRowCount(), 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType mint = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(mint, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(mint).setId("invite-create");
        Invitation[] result = new Invitation[1];
        d.getDialogPane().lookupButton(mint).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                var duration = TimeText.parseDuration(validFor.getText());
                if (duration == null || duration.isZero()) {
                    throw new IllegalArgumentException("Say how long the invitation is valid, e.g. 1d.");
                }
                Instant from = TimeText.parseInstant(notBefore.getText(), ZoneId.systemDefault());
                Instant until = (from != null && from.isAfter(now) ? from : now).plus(duration);
                List<String> perms = java.util.stream.Stream.of(present, message, op, record, caption)
                        .filter(CheckBox::isSelected).map(CheckBox::getText).toList();
                String name = user.getText().strip();
                result[0] = new Invitation(null, name.isEmpty() ? null : name, perms, until, from, null, null,
                        subgroups.isSelected(), kind.getValue(), maxUses(maxUses.getText()), 0, false);
            } catch (IllegalArgumentException x) {
                errors.setText(x.getMessage());
                e.consume();
            }
        });
        return d.showAndWait().filter(b -> b == mint).map(b -> result[0]);
    }

    static Integer maxUses(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(t);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the sentence below says what is expected
        }
        throw new IllegalArgumentException("Max uses must be a whole number above 0, or empty for no limit.");
    }
}
