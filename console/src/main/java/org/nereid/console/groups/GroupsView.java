package org.nereid.console.groups;

import java.time.ZoneId;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.admin.AdminException;
import org.nereid.console.ConsoleContext;
import org.nereid.console.Forms;
import org.nereid.console.TableTab;

/** The groups of the connected server, with live client counts. */
public final class GroupsView extends TableTab<GroupRow> {
    private final GroupsModel model;

    public GroupsView(ConsoleContext context) {
        this(context, new GroupsModel(context));
    }

    private GroupsView(ConsoleContext context, GroupsModel model) {
        super(context, "Groups", "groups-table", model.rows(),
                "No groups. Connect to a server, then New group (Ctrl+N).");
        this.model = model;
        column("Group", GroupRow::name, 320);
        column("Clients now", r -> String.valueOf(r.clients()), 120);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) {
                context.group().set(r.name());
            }
        });
        button("New group (Ctrl+N)", "group-new", this::create);
        button("Edit (Ctrl+E)", "group-edit", this::edit);
        button("Delete", "group-delete", this::delete);
        button("Refresh", "group-refresh", this::refresh);
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void create() {
        if (context.api().get() == null) {
            context.background().say("Connect to a server first (Servers tab).");
            return;
        }
        GroupForm form = GroupForm.blank(ZoneId.systemDefault());
        if (GroupEditor.edit(window(), form, true)) {
            model.save(form, null, () -> context.background().say("Group " + form.name.get() + " created."),
                    e -> Forms.error(window(), "Not created", e.getMessage()));
        }
    }

    @Override
    public void edit() {
        GroupRow row = selected();
        if (row != null) {
            model.load(row.name(), v -> openEditor(row.name(), v.value(), v.etag()));
        }
    }

    private void openEditor(String name, ObjectNode json, String etag) {
        GroupForm form = GroupForm.of(name, json, ZoneId.systemDefault());
        if (GroupEditor.edit(window(), form, false)) {
            model.save(form, etag, () -> context.background().say("Group " + name + " saved."),
                    conflict -> resolve(form, conflict));
        }
    }

    /** Someone else saved the group meanwhile: reload theirs, compare, or overwrite with mine. */
    private void resolve(GroupForm mine, AdminException conflict) {
        String name = mine.name.get();
        model.load(name, theirs -> {
            ButtonType reload = new ButtonType("Reload theirs", ButtonBar.ButtonData.LEFT);
            ButtonType overwrite = new ButtonType("Overwrite with mine", ButtonBar.ButtonData.OTHER);
            TextArea left = area(mine.toJson());
            TextArea right = area(theirs.value());
            SplitPane compare = new SplitPane(left, right);
            compare.setPrefSize(760, 320);
            Alert a = new Alert(Alert.AlertType.WARNING, "", reload, overwrite, ButtonType.CANCEL);
            a.initOwner(window());
            a.setTitle("Changed on the server");
            a.setHeaderText(conflict.getMessage() + "\nLeft: your version. Right: the server's version now.");
            a.getDialogPane().setContent(compare);
            a.showAndWait().ifPresent(b -> {
                if (b == reload) {
                    openEditor(name, theirs.value(), theirs.etag());
                } else if (b == overwrite) {
                    model.overwrite(mine, () -> context.background().say("Group " + name + " overwritten."));
                }
            });
        });
    }

    private static TextArea area(ObjectNode json) {
        TextArea t = new TextArea(json.toPrettyString());
        t.setEditable(false);
        return t;
    }

    @Override
    public void delete() {
        GroupRow row = selected();
        if (row != null && Forms.confirm(window(), "Delete group " + row.name() + "?",
                "The group's definition and its users are deleted from the server."
                        + (row.clients() > 0 ? " " + row.clients() + " clients are in it now." : "")
                        + " This cannot be undone.")) {
            model.delete(row.name());
        }
    }
}
