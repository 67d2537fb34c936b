package org.nereid.console.audit;

import java.time.ZoneId;

import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.geometry.Insets;

import org.nereid.console.ConsoleContext;
import org.nereid.console.TableTab;
import org.nereid.console.TimeText;
import org.nereid.model.AuditEntry;

/**
 * Who did what on the server, newest first: moderation, administration, invitations and
 * refused logins, filtered by action, person and group; refusals stand out in red.
 */
public final class AuditView extends TableTab<AuditEntry> {
    private final AuditModel model;
    private final TextField action = new TextField();
    private final TextField actor = new TextField();
    private final CheckBox thisGroup = new CheckBox("Selected group only");

    public AuditView(ConsoleContext context) {
        this(context, new AuditModel(context));
    }

    private AuditView(ConsoleContext context, AuditModel model) {
        super(context, "Audit", "audit-table", model.rows(), "Nothing recorded, or the server keeps no audit trail.");
        this.model = model;
        ZoneId zone = ZoneId.systemDefault();
        column("Time", e -> TimeText.show(e.instant(), zone), 150);
        column("Who", AuditView::who, 190);
        column("Action", AuditEntry::action, 120);
        column("Group", e -> orBlank(e.group()), 110);
        column("Target", e -> orBlank(e.target()), 170);
        column("Outcome", AuditEntry::outcome, 80);
        column("Reason", AuditView::reason, 260);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AuditEntry e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().remove("audit-refused");
                if (!empty && e != null && !AuditEntry.OK.equals(e.outcome())) {
                    getStyleClass().add("audit-refused");
                }
            }
        });
        button("Show", "audit-show", this::refresh);
        button("Older", "audit-older", model::older);

        action.setId("audit-action");
        action.setPromptText("action, or family like token.");
        actor.setId("audit-actor");
        actor.setPromptText("user or admin name");
        thisGroup.setId("audit-this-group");
        action.setOnAction(e -> refresh());
        actor.setOnAction(e -> refresh());
        thisGroup.setOnAction(e -> refresh());
        HBox filters = new HBox(8, new Label("Action"), action, new Label("Who"), actor, thisGroup);
        filters.setPadding(new Insets(0, 8, 8, 8));
        tablePane().setTop(new VBox(tablePane().getTop(), filters));
    }

    @Override
    public void refresh() {
        String group = thisGroup.isSelected() && context.group().get() != null ? context.group().get() : "";
        model.show(new AuditModel.Filter(action.getText(), actor.getText(), group, null));
    }

    static String who(AuditEntry e) {
        AuditEntry.Actor a = e.actor();
        if (a == null) {
            return "";
        }
        String name = a.name() == null ? a.kind() : a.name() + " (" + a.kind() + ")";
        return a.address() == null ? name : name + " from " + a.address();
    }

    static String reason(AuditEntry e) {
        String r = orBlank(e.reason());
        return e.suppressed() == null ? r : r + " (+" + e.suppressed() + " similar not recorded)";
    }

    private static String orBlank(String s) {
        return s == null ? "" : s;
    }
}
