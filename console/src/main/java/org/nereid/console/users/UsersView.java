package org.nereid.console.users;

import javafx.scene.control.TextInputDialog;

import org.nereid.console.ConsoleContext;
import org.nereid.console.Forms;
import org.nereid.console.TableTab;

/** Users of the selected group: create, edit permissions, set passwords, delete. */
public final class UsersView extends TableTab<UserRow> {
    private final UsersModel model;

    public UsersView(ConsoleContext context) {
        this(context, new UsersModel(context));
    }

    private UsersView(ConsoleContext context, UsersModel model) {
        super(context, "Users", "users-table", model.rows(), "No users in this group. New user (Ctrl+N).");
        this.model = model;
        column("User", UserRow::label, 260);
        column("Permissions", UserRow::permissions, 260);
        button("New user (Ctrl+N)", "user-new", this::create);
        button("Edit (Ctrl+E)", "user-edit", this::edit);
        button("Set password…", "user-set-password", this::setPassword);
        button("Delete", "user-delete", this::delete);
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void create() {
        if (context.group().get() == null) {
            context.background().say("Choose a group first (Group box at the top).");
            return;
        }
        UserEditor.show(window(), null).ifPresent(r -> model.save(r.ref(), r.permissions(),
                r.password(), true, () -> context.background().say("User " + UserRow.label(r.ref()) + " saved.")));
    }

    @Override
    public void edit() {
        UserRow row = selected();
        if (row != null) {
            UserEditor.show(window(), row).ifPresent(r -> model.save(r.ref(), r.permissions(),
                    r.password(), false, () -> context.background().say("User " + UserRow.label(r.ref()) + " saved.")));
        }
    }

    private void setPassword() {
        UserRow row = selected();
        if (row == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.initOwner(window());
        d.setTitle("Set password");
        d.setHeaderText("New password for " + row.label() + " (the server stores it hashed)");
        d.showAndWait().filter(s -> !s.isEmpty()).ifPresent(p -> model.setPassword(row.ref(), p));
    }

    @Override
    public void delete() {
        UserRow row = selected();
        if (row != null && Forms.confirm(window(), "Delete user " + row.label() + "?",
                "They can no longer join " + context.group().get() + " with this name and password.")) {
            model.delete(row.ref());
        }
    }
}
