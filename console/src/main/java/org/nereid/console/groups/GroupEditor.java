package org.nereid.console.groups;

import java.util.List;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import org.controlsfx.control.CheckComboBox;

import org.nereid.console.Forms;
import org.nereid.console.TimeText;

/** The dialog that edits every field of a group, with help text and validation before it closes. */
public final class GroupEditor {
    private GroupEditor() {
    }

    /** Shows the editor; returns true if the operator pressed Save and the form is valid. */
    public static boolean edit(Window owner, GroupForm form, boolean creating) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(creating ? "New group" : "Group " + form.name.get());
        d.setHeaderText(creating ? "Create a group" : "Edit group " + form.name.get());
        GridPane g = Forms.grid();
        TextField name = text(form.name);
        name.setId("group-name");
        name.setEditable(creating);
        Forms.row(g, "Name", name, creating ? "The group's address: /group/NAME/. Subgroups: parent/child." : null);
        Forms.row(g, "Display name", text(form.displayName), "Shown to users instead of the name.");
        Forms.row(g, "Description", text(form.description), "Shown on the landing page.");
        Forms.row(g, "Contact", text(form.contact), "Who users should write to, typically an e-mail address.");
        Forms.row(g, "Comment", text(form.comment), "For administrators; the server ignores it.");
        Forms.row(g, "", check("Listed on the landing page", form.isPublic), null);
        Forms.row(g, "", check("Allow recording", form.allowRecording), "Operators may record to the server's disk.");
        Forms.row(g, "", check("Anyone with the token permission may create invitations", form.unrestrictedTokens),
                "Otherwise only operators may.");
        Forms.row(g, "", check("Members may invite people to create an account", form.allowUserInvites),
                "Registration links from members who may present (Nereid only: Galène refuses this field).");
        Forms.row(g, "", check("Create subgroups on the fly", form.autoSubgroups), "name/anything joins a subgroup.");
        Forms.row(g, "", check("Lock when the last operator leaves", form.autolock), null);
        Forms.row(g, "", check("Disconnect everyone when the last operator leaves", form.autokick), null);
        TextField max = text(form.maxClients);
        max.setId("group-max-clients");
        Forms.row(g, "Maximum clients", max, "Empty or 0: no limit.");
        Forms.row(g, "Chat history", text(form.maxHistoryAge),
                "How long chat messages are kept. " + TimeText.DURATION_HELP + " Empty: 4h.");
        Forms.row(g, "Not before", text(form.notBefore), "Joining is refused before this date. " + TimeText.DATE_HELP);
        Forms.row(g, "Expires", text(form.expires), "Joining is refused after this date. " + TimeText.DATE_HELP);
        CheckComboBox<String> codecs = new CheckComboBox<>(javafx.collections.FXCollections.observableArrayList(
                GroupForm.CODECS));
        form.codecs.forEach(c -> codecs.getCheckModel().check(c));
        codecs.getCheckModel().getCheckedItems().addListener(
                (javafx.collections.ListChangeListener<String>) c -> form.codecs.setAll(
                        codecs.getCheckModel().getCheckedItems()));
        Forms.row(g, "Codecs", codecs, "Allowed codecs, preferred first. None chosen: vp8 and opus."
                + " Only vp8/vp9 with opus can be recorded.");
        Forms.row(g, "Redirect", text(form.redirect), "If set, users are sent to this address instead.");
        Forms.row(g, "Auth server", text(form.authServer), "URL that issues tokens for this group (optional).");
        Forms.row(g, "Auth portal", text(form.authPortal), "URL where users log in to get a token (optional).");
        TextArea keys = new TextArea();
        keys.setPrefRowCount(3);
        keys.textProperty().bindBidirectional(form.authKeys);
        Forms.row(g, "Auth keys", keys, "JSON Web Key set {\"keys\":[…]} for signed tokens. The server never"
                + " shows stored keys: leave empty to keep them, paste a set to replace them.");
        Label errors = new Label();
        errors.setId("group-errors");
        errors.getStyleClass().add("error-text");
        errors.setWrapText(true);
        g.add(errors, 0, g.getRowCount(), 2, 1);
        ScrollPane scroll = new ScrollPane(g);
        scroll.setFitToWidth(true);
        scroll.setPrefSize(640, 560);
        d.getDialogPane().setContent(scroll);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(save).setId("group-save");
        d.getDialogPane().lookupButton(save).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            List<String> problems = form.validate();
            if (!problems.isEmpty()) {
                errors.setText(String.join("\n", problems));
                e.consume();
            }
        });
        return d.showAndWait().filter(b -> b == save).isPresent();
    }

    private static TextField text(javafx.beans.property.StringProperty p) {
        TextField t = new TextField();
        t.textProperty().bindBidirectional(p);
        return t;
    }

    private static CheckBox check(String label, javafx.beans.property.BooleanProperty p) {
        CheckBox c = new CheckBox(label);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }
}
