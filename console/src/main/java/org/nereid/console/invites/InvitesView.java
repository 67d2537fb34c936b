package org.nereid.console.invites;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;

import org.nereid.console.ConsoleContext;
import org.nereid.console.Forms;
import org.nereid.console.TableTab;
import org.nereid.console.TimeText;

/**
 * Invitations of the selected group with their status, link and QR code. The link shown is
 * the selected invitation's, or the one just minted (selected as soon as the list has it).
 */
public final class InvitesView extends TableTab<Invitation> {
    private final InvitesModel model;
    private final SplitPane root = new SplitPane();
    private final TextField link = new TextField();
    private final ImageView qr = new ImageView();
    /** The token just minted, to select when the refreshed list shows it. */
    private String minted;
    /** The group whose invitation link is shown. */
    private String linkGroup;

    public InvitesView(ConsoleContext context) {
        this(context, new InvitesModel(context, Clock.systemUTC()));
    }

    InvitesView(ConsoleContext context, InvitesModel model) {
        super(context, "Invitations", "invites-table", model.rows(),
                "No invitations to this group. New invitation (Ctrl+N).");
        this.model = model;
        ZoneId zone = ZoneId.systemDefault();
        column("For", Invitation::who, 170);
        column("Kind", i -> i.kind().jsonName(), 70);
        column("Permissions", i -> String.join(", ", i.permissions()), 140);
        column("Uses", Invitation::usesText, 60);
        column("Status", i -> Invitation.text(i.status(model.now())), 100).setCellFactory(c -> new TableCell<>() {
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
        column("Expires", i -> TimeText.show(i.expires(), zone), 130);
        column("Not before", i -> TimeText.show(i.notBefore(), zone), 130);
        column("Issued", i -> TimeText.show(i.issuedAt(), zone) + (i.issuedBy() == null ? "" : " by " + i.issuedBy()),
                170);
        // A refresh replaces the rows and so clears the selection: that must not hide the link.
        table.getSelectionModel().selectedItemProperty().addListener((o, a, i) -> {
            if (i != null) {
                showLink(model.link(i));
            }
        });
        model.rows().addListener((ListChangeListener<Invitation>) c -> selectMinted());
        // Refreshing the group list may blank the chosen group for a moment: only another group
        // (or another connection) makes the link stale.
        context.group().addListener((o, a, g) -> {
            if (g != null && !g.equals(linkGroup)) {
                showLink(null);
            }
        });
        context.api().addListener((o, a, b) -> showLink(null));

        button("New invitation (Ctrl+N)", "invite-new", this::create);
        button("Copy link", "invite-copy", this::copy);
        button("Extend…", "invite-extend", this::extend);
        button("Revoke", "invite-revoke", this::delete);
        link.setId("invite-link");
        link.setEditable(false);
        qr.setId("invite-qr");
        Label scan = new Label("Scan with a phone to join. Anyone with the link can join until it expires.");
        scan.setWrapText(true);
        VBox right = new VBox(8, new Label("Link"), link, qr, scan);
        right.setPadding(new Insets(8));
        root.getItems().addAll(tablePane(), right);
        root.setDividerPositions(0.68);
    }

    private void showLink(URI url) {
        linkGroup = url == null ? null : context.group().get();
        link.setText(url == null ? "" : url.toString());
        qr.setImage(url == null ? null : QrCode.image(url.toString(), 240));
    }

    private void selectMinted() {
        if (minted == null) {
            return;
        }
        model.rows().stream().filter(i -> minted.equals(i.token())).findFirst().ifPresent(i -> {
            minted = null;
            table.getSelectionModel().select(i);
            table.scrollTo(i);
        });
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
        MintDialog.show(window(), model.now()).ifPresent(spec -> model.mint(spec, made -> {
            table.getSelectionModel().clearSelection();
            minted = made.token();
            showLink(made.link());
            selectMinted();
            context.background().say("Invitation created: " + made.link());
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
        Invitation i = selected();
        if (i == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog("1d");
        d.initOwner(window());
        d.setTitle("Extend invitation");
        d.setHeaderText("Valid for how long from now? " + TimeText.DURATION_HELP);
        d.showAndWait().ifPresent(text -> {
            try {
                var duration = TimeText.parseDuration(text);
                Instant now = model.now();
                model.extend(i, now.plus(duration == null ? java.time.Duration.ofDays(1) : duration));
            } catch (IllegalArgumentException e) {
                Forms.error(window(), "Not extended", e.getMessage());
            }
        });
    }

    /** Revokes the selected invitation (Delete key). */
    @Override
    public void delete() {
        Invitation i = selected();
        if (i != null && Forms.confirm(window(), "Revoke this invitation?",
                "Nobody can join with its link any more; people already in the meeting stay."
                        + " You can extend it later to make it valid again.")) {
            model.revoke(i);
        }
    }
}
