package org.nereid.console.recordings;

import java.io.File;
import java.nio.file.Path;

import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;

import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.Forms;

/** Recordings of the selected group: size and date; download, play, show in folder, delete. */
public final class RecordingsView implements ConsoleView {
    private final ConsoleContext context;
    private final RecordingsModel model;
    private final TableView<Recording> table = new TableView<>();
    private final BorderPane root = new BorderPane();
    private Path downloads = Path.of(System.getProperty("user.home"), "Downloads");

    public RecordingsView(ConsoleContext context) {
        this.context = context;
        this.model = new RecordingsModel(context);
        table.setId("recordings-table");
        table.setItems(model.rows());
        table.getColumns().add(column("File", Recording::name, 380));
        table.getColumns().add(column("Started", Recording::startedText, 170));
        table.getColumns().add(column("Size", Recording::sizeText, 110));
        table.setPlaceholder(new Label("No recordings for this group."));
        Button download = button("Download…", "recording-download", () -> download(false));
        Button play = button("Play", "recording-play", () -> download(true));
        Button folder = button("Open folder", "recording-folder",
                () -> context.showDocument(downloads.toUri().toString()));
        Button del = button("Delete", "recording-delete", this::delete);
        HBox bar = new HBox(8, download, play, folder, del);
        bar.setPadding(new Insets(8));
        root.setTop(bar);
        root.setCenter(table);
    }

    private static TableColumn<Recording, String> column(String title,
            java.util.function.Function<Recording, String> value, double width) {
        TableColumn<Recording, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new SimpleStringProperty(value.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Downloads the selected recording; with {@code play}, opens it in the system's player. */
    private void download(boolean play) {
        Recording r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        if (!play) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Save recordings to");
            if (downloads.toFile().isDirectory()) {
                chooser.setInitialDirectory(downloads.toFile());
            }
            File dir = chooser.showDialog(Forms.window(root));
            if (dir == null) {
                return;
            }
            downloads = dir.toPath();
        }
        Path target = downloads.resolve(r.name());
        model.download(r, target, p -> {
            context.background().say("Saved " + p + ".");
            if (play) {
                context.showDocument(p.toUri().toString());
            }
        });
    }

    @Override
    public String title() {
        return "Recordings";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.refresh(this::askCredentials);
    }

    private void askCredentials(String group) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(Forms.window(root));
        d.setTitle("Recordings of " + group);
        d.setHeaderText("The server shows recordings only to a user of " + group
                + " with the record permission.\nGive such a user's name and password (kept for this session).");
        TextField user = new TextField();
        user.setId("recordings-user");
        PasswordField pw = new PasswordField();
        pw.setId("recordings-password");
        GridPane g = Forms.grid();
        Forms.row(g, "User", user, null);
        Forms.row(g, "Password", pw, null);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            model.useCredentials(group, user.getText(), pw.getText());
            refresh();
        });
    }

    @Override
    public void delete() {
        Recording r = table.getSelectionModel().getSelectedItem();
        if (r != null && Forms.confirm(Forms.window(root), "Delete " + r.name() + "?",
                "The file is deleted from the server. Copies you downloaded stay.")) {
            model.delete(r, this::refresh);
        }
    }

    public RecordingsModel model() {
        return model;
    }
}
