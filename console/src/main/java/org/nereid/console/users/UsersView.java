package org.nereid.console.users;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.cell.PropertyValueFactory;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.Forms;

/** Users of the selected group: create, edit permissions, set passwords, delete. */
public final class UsersView implements ConsoleView {
    private final ConsoleContext context;
    private final UsersModel model;
    private final TableView<UserRow> table = new TableView<>();
    private final BorderPane root = new BorderPane();

    public UsersView(ConsoleContext context) {
        this.context = context;
        this.model = new UsersModel(context);
        table.setId("users-table");
        table.setItems(model.rows());
        TableColumn<UserRow, String> name = new TableColumn<>("User");
        name.setCellValueFactory(new PropertyValueFactory<>("label"));
        name.setPrefWidth(260);
        TableColumn<UserRow, String> perms = new TableColumn<>("Permissions");
        perms.setCellValueFactory(new PropertyValueFactory<>("permissions"));
        perms.setPrefWidth(260);
        table.getColumns().add(name);
        table.getColumns().add(perms);
        table.setPlaceholder(new Label("No users in this group. New user (Ctrl+N)."));
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                edit();
            }
        });
        Button add = button("New user (Ctrl+N)", "user-new", this::create);
        Button edit = button("Edit (Ctrl+E)", "user-edit", this::edit);
        Button pw = button("Set password…", "user-set-password", this::setPassword);
        Button del = button("Delete", "user-delete", this::delete);
        HBox bar = new HBox(8, add, edit, pw, del);
        bar.setPadding(new Insets(8));
        root.setTop(bar);
        root.setCenter(table);
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    @Override
    public String title() {
        return "Users";
    }

    @Override
    public Node node() {
        return root;
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
        UserEditor.show(Forms.window(root), null).ifPresent(r -> model.save(r.ref(), r.permissions(),
                r.password(), true, () -> context.background().say("User " + UserRow.label(r.ref()) + " saved.")));
    }

    @Override
    public void edit() {
        UserRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            UserEditor.show(Forms.window(root), row).ifPresent(r -> model.save(r.ref(), r.permissions(),
                    r.password(), false, () -> context.background().say("User " + UserRow.label(r.ref()) + " saved.")));
        }
    }

    private void setPassword() {
        UserRow row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.initOwner(Forms.window(root));
        d.setTitle("Set password");
        d.setHeaderText("New password for " + row.label() + " (the server stores it hashed)");
        d.showAndWait().filter(s -> !s.isEmpty()).ifPresent(p -> model.setPassword(row.ref(), p));
    }

    @Override
    public void delete() {
        UserRow row = table.getSelectionModel().getSelectedItem();
        if (row != null && Forms.confirm(Forms.window(root), "Delete user " + row.label() + "?",
                "They can no longer join " + context.group().get() + " with this name and password.")) {
            model.delete(row.ref());
        }
    }
}
