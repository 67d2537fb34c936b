package org.nereid.console;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.nereid.admin.AdminClient;
import org.nereid.console.server.ProfileStore;

/**
 * What the views share: the connection to the current server, the group the operator is
 * working on, the background executor and how to open a document in the system.
 */
public final class ConsoleContext {
    private final ObjectProperty<AdminClient> api = new SimpleObjectProperty<>();
    private final StringProperty group = new SimpleStringProperty();
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final Background background;
    private final ProfileStore store;
    private final Consumer<String> showDocument;

    public ConsoleContext(Background background, ProfileStore store, Consumer<String> showDocument) {
        this.background = background;
        this.store = store;
        this.showDocument = showDocument;
    }

    /** The admin API of the connected server; {@code null} while not connected. */
    public ObjectProperty<AdminClient> api() {
        return api;
    }

    /** The group the group-scoped views (users, invitations, recordings, meeting) work on. */
    public StringProperty group() {
        return group;
    }

    /** Names of the groups on the connected server, as last listed. */
    public ObservableList<String> groups() {
        return groups;
    }

    public Background background() {
        return background;
    }

    public ProfileStore store() {
        return store;
    }

    /** Opens a URL or file with the system's browser, player or file manager. */
    public void showDocument(String uri) {
        showDocument.accept(uri);
    }

    /** The connected API, or a readable complaint (for calls made before connecting). */
    public AdminClient requireApi() {
        AdminClient a = api.get();
        if (a == null) {
            throw new IllegalStateException("Not connected. Open the Servers tab and connect to a server first.");
        }
        return a;
    }

    /** A listing of something in one group of the connected server. */
    @FunctionalInterface
    public interface GroupListing<T> {
        List<T> list(AdminClient api, String group) throws Exception;
    }

    /**
     * Lists {@code rows} of the selected group in the background ({@code what} + the group's
     * name says what is being done), or empties them while not connected or no group is
     * chosen. {@code failed} also hears of a failure, on the FX thread.
     */
    public <T> void listInGroup(String what, ObservableList<T> rows, GroupListing<T> listing,
            BiConsumer<String, Exception> failed) {
        AdminClient a = api.get();
        String g = group.get();
        if (a == null || g == null) {
            rows.clear();
            return;
        }
        background.run(what + g, () -> listing.list(a, g), rows::setAll, e -> failed.accept(g, e));
    }

    /** The selected group, or a readable complaint. */
    public String requireGroup() {
        String g = group.get();
        if (g == null || g.isEmpty()) {
            throw new IllegalStateException("No group selected. Choose a group in the Group box at the top.");
        }
        return g;
    }
}
