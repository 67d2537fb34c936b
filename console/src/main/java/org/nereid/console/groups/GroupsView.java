package org.nereid.console.groups;

import java.time.ZoneId;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.cell.PropertyValueFactory;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.admin.AdminException;
import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.Forms;

/** The groups of the connected server, with live client counts. */
public final class GroupsView implements ConsoleView {
    private final ConsoleContext context;
    private final GroupsModel model;
    private final TableView<GroupRow> table = new TableView<>();
    private final BorderPane root = new BorderPane();

    public GroupsView(ConsoleContext context) {
        this.context = context;
        this.model = new GroupsModel(context);
        table.setId("groups-table");
        table.setItems(model.rows());
        TableColumn<GroupRow, String> name = new TableColumn<>("Group");
        name.setCellValueFactory(new PropertyValueFactory<>("name"));
        name.setPrefWidth(320);
        TableColumn<GroupRow, Integer> clients = new TableColumn<>("Clients now");
        clients.setCellValueFactory(new PropertyValueFactory<>("clients"));
        clients.setPrefWidth(120);
        table.getColumns().add(name);
        table.getColumns().add(clients);
        table.setPlaceholder(new javafx.scene.control.Label("No groups. Connect to a server, then New group (Ctrl+N)."));
        table.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                edit();
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) {
                context.group().set(r.name());
            }
        });
        Button add = button("New group (Ctrl+N)", "group-new", this::create);
        Button edit = button("Edit (Ctrl+E)", "group-edit", this::edit);
        Button del = button("Delete", "group-delete", this::delete);
        Button reload = button("Refresh", "group-refresh", this::refresh);
        HBox bar = new HBox(8, add, edit, del, reload);
        bar.setPadding(new Insets(8));
        root.setTop(bar);
        root.setCenter(table);
    }

    static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    @Override
    public String title() {
        return "Groups";
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
        if (context.api().get() == null) {
            context.background().say("Connect to a server first (Servers tab).");
            return;
        }
        GroupForm form = GroupForm.blank(ZoneId.systemDefault());
        if (GroupEditor.edit(Forms.window(root), form, true)) {
            model.save(form, null, () -> context.background().say("Group " + form.name.get() + " created."),
                    e -> Forms.error(Forms.window(root), "Not created", e.getMessage()));
        }
    }

    @Override
    public void edit() {
        GroupRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            model.load(row.name(), v -> openEditor(row.name(), v.value(), v.etag()));
        }
    }

    private void openEditor(String name, ObjectNode json, String etag) {
        GroupForm form = GroupForm.of(name, json, ZoneId.systemDefault());
        if (GroupEditor.edit(Forms.window(root), form, false)) {
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
            a.initOwner(Forms.window(root));
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
        GroupRow row = table.getSelectionModel().getSelectedItem();
        if (row != null && Forms.confirm(Forms.window(root), "Delete group " + row.name() + "?",
                "The group's definition and its users are deleted from the server."
                        + (row.clients() > 0 ? " " + row.clients() + " clients are in it now." : "")
                        + " This cannot be undone.")) {
            model.delete(row.name());
        }
    }
}
