package org.nereid.console.recordings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.console.ConsoleContext;

/**
 * Recordings of the selected group: listed by Nereid's admin API, fetched and deleted through
 * the server's /recordings/ pages. Galène has no such listing and lets only a user of the
 * group with the record permission see its pages, so against Galène the console falls back
 * to the page and, if refused, asks the operator for such a user once per group.
 */
public final class RecordingsModel {
    private final ConsoleContext context;
    private final ObservableList<Recording> rows = FXCollections.observableArrayList();
    private final java.util.Map<String, GroupUser> groupUsers = new java.util.concurrent.ConcurrentHashMap<>();

    private record GroupUser(String username, String password) {
    }

    public RecordingsModel(ConsoleContext context) {
        this.context = context;
    }

    public ObservableList<Recording> rows() {
        return rows;
    }

    /** Uses this group user (who has the record permission) for a group's recordings. */
    public void useCredentials(String group, String username, String password) {
        groupUsers.put(group, new GroupUser(username, password));
    }

    /** The connection to use for a group's recordings: as its group user if one was given, else as the admin. */
    private AdminClient client(AdminClient api, String group) {
        GroupUser user = groupUsers.get(group);
        return user == null ? api : api.withUser(user.username(), user.password());
    }

    /** Lists the recordings; {@code refused} is told when the server wants other credentials. */
    public void refresh(Consumer<String> refused) {
        context.listInGroup("Listing recordings of ", rows,
                this::list, (group, e) -> {
                    rows.clear();
                    if (e instanceof AdminException a && (a.status() == 401 || a.status() == 403)) {
                        refused.accept(group);
                    } else if (e instanceof AdminException a && a.status() == 404) {
                        context.background().say("No recordings for " + group + " yet.");
                    }
                });
    }

    /** Nereid lists recordings in its admin API; Galène only on its page, for a group user. */
    private List<Recording> list(AdminClient api, String group) throws IOException {
        if (!groupUsers.containsKey(group)) {
            try {
                return api.listRecordings(group).stream().map(Recording::of).toList();
            } catch (AdminException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return Recording.parseListing(client(api, group).recordingsPage(group));
    }

    public void download(Recording r, Path target, Consumer<Path> done) {
        String group = context.requireGroup();
        AdminClient who = client(context.requireApi(), group);
        context.background().run("Downloading " + r.name(), () -> {
            java.nio.file.Files.createDirectories(target.getParent());
            who.downloadRecording(group, r.name(), target);
            return target;
        }, done);
    }

    public void delete(Recording r, Runnable done) {
        String group = context.requireGroup();
        AdminClient who = client(context.requireApi(), group);
        context.background().run("Deleting " + r.name(), () -> {
            who.deleteRecording(group, r.name());
            return null;
        }, x -> done.run());
    }
}
