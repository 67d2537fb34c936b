package org.nereid.console.recordings;

import java.nio.file.Path;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.nereid.console.ConsoleContext;
import org.nereid.console.server.AdminApi;
import org.nereid.console.server.ApiException;
import org.nereid.console.server.Credentials;

/**
 * Recordings of the selected group, through the server's /recordings/ pages. Galène lets
 * only a user of the group with the record permission see them, so the console first tries
 * its admin credentials and, if refused, asks the operator for such a user once per group.
 */
public final class RecordingsModel {
    private final ConsoleContext context;
    private final ObservableList<Recording> rows = FXCollections.observableArrayList();
    private final java.util.Map<String, Credentials> groupCredentials = new java.util.HashMap<>();

    public RecordingsModel(ConsoleContext context) {
        this.context = context;
    }

    public ObservableList<Recording> rows() {
        return rows;
    }

    /** Uses these credentials (a group user with the record permission) for a group. */
    public void useCredentials(String group, Credentials c) {
        groupCredentials.put(group, c);
    }

    private Credentials credentials(AdminApi api, String group) {
        return groupCredentials.getOrDefault(group, api.credentials());
    }

    /** Lists the recordings; {@code refused} is told when the server wants other credentials. */
    public void refresh(Consumer<String> refused) {
        AdminApi api = context.api().get();
        String group = context.group().get();
        if (api == null || group == null) {
            rows.clear();
            return;
        }
        Credentials who = credentials(api, group);
        context.background().run("Listing recordings of " + group,
                () -> Recording.parseListing(api.recordingsListing(group, who)), rows::setAll, e -> {
                    rows.clear();
                    if (e instanceof ApiException a && a.isUnauthorised()) {
                        refused.accept(group);
                    } else if (e instanceof ApiException a && a.isNotFound()) {
                        context.background().say("No recordings for " + group + " yet.");
                    }
                });
    }

    public void download(Recording r, Path target, Consumer<Path> done) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        Credentials who = credentials(api, group);
        context.background().run("Downloading " + r.name(), () -> {
            api.download(group, r.name(), who, target);
            return target;
        }, done);
    }

    public void delete(Recording r, Runnable done) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        Credentials who = credentials(api, group);
        context.background().run("Deleting " + r.name(), () -> {
            api.deleteRecording(group, r.name(), who);
            return null;
        }, x -> done.run());
    }
}
