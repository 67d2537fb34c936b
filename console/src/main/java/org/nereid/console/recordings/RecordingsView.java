package org.nereid.console.recordings;

import java.io.File;
import java.nio.file.Path;

import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;

import org.nereid.console.ConsoleContext;
import org.nereid.console.Forms;
import org.nereid.console.TableTab;

/** Recordings of the selected group: size and date; download, play, show in folder, delete. */
public final class RecordingsView extends TableTab<Recording> {
    private final RecordingsModel model;
    /** Where downloads go: {@code nereid.console.downloads}, else ~/Downloads; the operator may choose another. */
    private Path downloads = Path.of(System.getProperty("nereid.console.downloads",
            Path.of(System.getProperty("user.home"), "Downloads").toString()));

    public RecordingsView(ConsoleContext context) {
        this(context, new RecordingsModel(context));
    }

    private RecordingsView(ConsoleContext context, RecordingsModel model) {
        super(context, "Recordings", "recordings-table", model.rows(), "No recordings for this group.");
        this.model = model;
        column("File", Recording::name, 380);
        column("Started", Recording::startedText, 170);
        column("Size", Recording::sizeText, 110);
        button("Download…", "recording-download", () -> download(false));
        button("Play", "recording-play", () -> download(true));
        button("Open folder", "recording-folder", () -> context.showDocument(downloads.toUri().toString()));
        button("Delete", "recording-delete", this::delete);
    }

    /** Downloads the selected recording; with {@code play}, opens it in the system's player. */
    private void download(boolean play) {
        Recording r = selected();
        if (r == null) {
            return;
        }
        if (!play) {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Save recordings to");
            if (downloads.toFile().isDirectory()) {
                chooser.setInitialDirectory(downloads.toFile());
            }
            File dir = chooser.showDialog(window());
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
    public void refresh() {
        model.refresh(this::askCredentials);
    }

    private void askCredentials(String group) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(window());
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
        Recording r = selected();
        if (r != null && Forms.confirm(window(), "Delete " + r.name() + "?",
                "The file is deleted from the server. Copies you downloaded stay.")) {
            model.delete(r, this::refresh);
        }
    }

    public RecordingsModel model() {
        return model;
    }
}
