package org.nereid.console.users;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.admin.UserRef;
import org.nereid.console.Forms;

/** Creates or edits a user: which user, permissions, and optionally a new password. */
final class UserEditor {
    record Result(UserRef ref, JsonNode permissions, String password) {
    }

    private UserEditor() {
    }

    static java.util.Optional<Result> show(Window owner, UserRow existing) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(existing == null ? "New user" : "User " + existing.label());
        d.setHeaderText(existing == null ? "Add a user to the group" : "Edit " + existing.label());
        ToggleGroup kinds = new ToggleGroup();
        RadioButton named = new RadioButton("Named user");
        RadioButton wildcard = new RadioButton("Any user name (wildcard)");
        RadioButton empty = new RadioButton("Empty user name");
        for (RadioButton r : new RadioButton[] {named, wildcard, empty}) {
            r.setToggleGroup(kinds);
            r.setDisable(existing != null);
        }
        TextField name = new TextField(existing == null ? "" : existing.ref().username());
        name.setId("user-name");
        name.setEditable(existing == null);
        UserRef ref = existing == null ? null : existing.ref();
        (ref == null ? named : ref.wildcard() ? wildcard : ref.username().isEmpty() ? empty : named).setSelected(true);
        name.disableProperty().bind(named.selectedProperty().not());
        ComboBox<String> perms = new ComboBox<>();
        perms.setId("user-permissions");
        perms.setEditable(true);
        perms.getItems().addAll(UserPermissions.NAMED);
        perms.getItems().add("[present, record]");
        perms.setValue(existing == null ? "present" : existing.permissions());
        PasswordField password = new PasswordField();
        password.setId("user-password");
        GridPane g = Forms.grid();
        Forms.row(g, "Who", new HBox(10, named, wildcard, empty),
                "The wildcard user matches any name not listed; the empty user is someone who gives no name.");
        Forms.row(g, "User name", name, null);
        Forms.row(g, "Permissions", perms, UserPermissions.HELP);
        Forms.row(g, "Password", password, existing == null
                ? "Leave empty for no password (then nobody can log in as this user)."
                : "Leave empty to keep the current password. The server stores it hashed.");
        Label errors = new Label();
        errors.getStyleClass().add("error-text");
        errors.setWrapText(true);
        g.add(errors, 0, g.getRowCount(), 2, 1);
        d.getDialogPane().setContent(g);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(save).setId("user-save");
        Result[] result = new Result[1];
        d.getDialogPane().lookupButton(save).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                UserRef chosen = wildcard.isSelected() ? UserRef.wildcardUser()
                        : empty.isSelected() ? UserRef.named("") : named(name.getText());
                String typed = perms.getEditor().getText();
                result[0] = new Result(chosen, UserPermissions.parse(typed == null || typed.isEmpty()
                        ? perms.getValue() : typed), password.getText());
            } catch (IllegalArgumentException x) {
                errors.setText(x.getMessage());
                e.consume();
            }
        });
        return d.showAndWait().filter(b -> b == save).map(b -> result[0]);
    }

    private static UserRef named(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("Type the user name, or choose the wildcard or empty user.");
        }
        return UserRef.named(n);
    }
}
