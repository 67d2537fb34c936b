package org.nereid.console.audit;

import java.time.Instant;
import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.nereid.admin.AdminClient;
import org.nereid.console.ConsoleContext;
import org.nereid.model.AuditEntry;

/**
 * The server's audit trail as the console shows it: one page at a time, newest first,
 * through the admin API's {@code .audit} (Nereid only; a Galène server answers 404).
 */
public final class AuditModel {
    static final int PAGE = 200;

    /** What to show: each filter may be empty; {@code before} pages back (null: the newest). */
    record Filter(String action, String actor, String group, Instant before) {
        Filter older(List<AuditEntry> page) {
            return page.isEmpty() ? this : new Filter(action, actor, group, page.get(page.size() - 1).instant());
        }

        Filter newest() {
            return new Filter(action, actor, group, null);
        }
    }

    private final ConsoleContext context;
    private final ObservableList<AuditEntry> rows = FXCollections.observableArrayList();
    private Filter shown = new Filter("", "", "", null);

    public AuditModel(ConsoleContext context) {
        this.context = context;
    }

    public ObservableList<AuditEntry> rows() {
        return rows;
    }

    /** Shows the newest entries matching these filters. */
    void show(Filter filter) {
        AdminClient api = context.api().get();
        if (api == null) {
            rows.clear();
            return;
        }
        context.background().run("Reading the audit trail", () -> api.audit(blankAsNull(filter.action()),
                blankAsNull(filter.actor()), blankAsNull(filter.group()), null, filter.before(), PAGE), page -> {
                    shown = filter;
                    rows.setAll(page);
                });
    }

    void refresh() {
        show(shown.newest());
    }

    /** The next page back, if the one shown is full. */
    void older() {
        if (rows.size() == PAGE) {
            show(shown.older(rows));
        }
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
