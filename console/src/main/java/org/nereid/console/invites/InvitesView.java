package org.nereid.console.invites;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import org.nereid.console.ConsoleContext;
import org.nereid.console.ConsoleView;
import org.nereid.console.Forms;
import org.nereid.console.TimeText;

/** Invitations of the selected group with their status, link and QR code. */
public final class InvitesView implements ConsoleView {
    private final ConsoleContext context;
    private final InvitesModel model;
    private final TableView<Invitation> table = new TableView<>();
    private final SplitPane root = new SplitPane();
    private final TextField link = new TextField();
    private final ImageView qr = new ImageView();

    public InvitesView(ConsoleContext context) {
        this.context = context;
        this.model = new InvitesModel(context, Clock.systemUTC());
        ZoneId zone = ZoneId.systemDefault();
        table.setId("invites-table");
        table.setItems(model.rows());
        table.getColumns().add(column("For", i -> i.who(), 170));
        table.getColumns().add(column("Permissions", i -> String.join(", ", i.permissions()), 150));
        TableColumn<Invitation, String> status = column("Status", i -> i.status(model.now()).toString(), 100);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                getStyleClass().removeIf(x -> x.startsWith("status-"));
                if (!empty && s != null) {
                    getStyleClass().add("status-" + s.replace(' ', '-'));
                }
            }
        });
        table.getColumns().add(status);
        table.getColumns().add(column("Expires", i -> TimeText.show(i.expires(), zone), 130));
        table.getColumns().add(column("Not before", i -> TimeText.show(i.notBefore(), zone), 130));
        table.getColumns().add(column("Issued", i -> TimeText.show(i.issuedAt(), zone)
                + (i.issuedBy() == null ? "" : " by " + i.issuedBy()), 170));
        table.setPlaceholder(new Label("No invitations to this group. New invitation (Ctrl+N)."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, i) -> showLink(i));

        Button mint = button("New invitation (Ctrl+N)", "invite-new", this::create);
        Button copy = button("Copy link", "invite-copy", this::copy);
        Button extend = button("Extend…", "invite-extend", this::extend);
        Button revoke = button("Revoke", "invite-revoke", this::delete);
        HBox bar = new HBox(8, mint, copy, extend, revoke);
        bar.setPadding(new Insets(8));
        BorderPane left = new BorderPane(table);
        left.setTop(bar);
        link.setId("invite-link");
        link.setEditable(false);
        qr.setId("invite-qr");
        VBox right = new VBox(8, new Label("Link"), link, qr,
                new Label("Scan with a phone to join. Anyone with the link can join until it expires."));
        right.setPadding(new Insets(8));
        ((Label) right.getChildren().get(3)).setWrapText(true);
        root.getItems().addAll(left, right);
        root.setDividerPositions(0.68);
    }

    private static TableColumn<Invitation, String> column(String title,
            java.util.function.Function<Invitation, String> value, double width) {
        TableColumn<Invitation, String> c = new TableColumn<>(title);
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

    private void showLink(Invitation i) {
        if (i == null || context.api().get() == null || context.group().get() == null) {
            link.clear();
            qr.setImage(null);
            return;
        }
        String url = model.link(i).toString();
        link.setText(url);
        qr.setImage(QrCode.image(url, 240));
    }

    @Override
    public String title() {
        return "Invitations";
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
        if (context.api().get() == null || context.group().get() == null) {
            context.background().say("Connect and choose a group first.");
            return;
        }
        MintDialog.show(Forms.window(root), model.now()).ifPresent(spec -> model.mint(spec, uri -> {
            link.setText(uri.toString());
            qr.setImage(QrCode.image(uri.toString(), 240));
            context.background().say("Invitation created: " + uri);
        }));
    }

    private void copy() {
        if (!link.getText().isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(link.getText());
            Clipboard.getSystemClipboard().setContent(c);
            context.background().say("Link copied.");
        }
    }

    private void extend() {
        Invitation i = table.getSelectionModel().getSelectedItem();
        if (i == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog("1d");
        d.initOwner(Forms.window(root));
        d.setTitle("Extend invitation");
        d.setHeaderText("Valid for how long from now? " + TimeText.DURATION_HELP);
        d.showAndWait().ifPresent(text -> {
            try {
                var duration = TimeText.parseDuration(text);
                Instant now = model.now();
                model.extend(i, now.plus(duration == null ? java.time.Duration.ofDays(1) : duration));
            } catch (IllegalArgumentException e) {
                Forms.error(Forms.window(root), "Not extended", e.getMessage());
            }
        });
    }

    /** Revokes the selected invitation (Delete key). */
    @Override
    public void delete() {
        Invitation i = table.getSelectionModel().getSelectedItem();
        if (i != null && Forms.confirm(Forms.window(root), "Revoke this invitation?",
                "Nobody can join with its link any more; people already in the meeting stay."
                        + " You can extend it later to make it valid again.")) {
            model.revoke(i);
        }
    }
}
