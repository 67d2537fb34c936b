package org.nereid.console.users;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.console.ConsoleContext;
import org.nereid.console.server.AdminApi;
import org.nereid.console.server.UserRef;
import org.nereid.console.server.Versioned;

/** The users of the selected group, including the wildcard and empty users when defined. */
public final class UsersModel {
    private final ConsoleContext context;
    private final ObservableList<UserRow> rows = FXCollections.observableArrayList();

    public UsersModel(ConsoleContext context) {
        this.context = context;
    }

    public ObservableList<UserRow> rows() {
        return rows;
    }

    public void refresh() {
        AdminApi api = context.api().get();
        String group = context.group().get();
        if (api == null || group == null) {
            rows.clear();
            return;
        }
        context.background().run("Listing users of " + group, () -> list(api, group), rows::setAll);
    }

    private static List<UserRow> list(AdminApi api, String group) throws IOException {
        List<UserRow> out = new ArrayList<>();
        for (String name : api.users(group).stream().sorted().toList()) {
            UserRef ref = UserRef.named(name);
            Versioned<ObjectNode> u = api.user(group, ref);
            out.add(new UserRow(ref, u == null ? "" : UserPermissions.text(u.value().get("permissions"))));
        }
        for (UserRef special : List.of(UserRef.wildcard(), UserRef.empty())) {
            Versioned<ObjectNode> u = api.user(group, special);
            if (u != null) {
                out.add(new UserRow(special, UserPermissions.text(u.value().get("permissions"))));
            }
        }
        return out;
    }

    /**
     * Creates or updates a user with {@code permissions}, then sets the password if one was
     * typed (the server hashes it).
     */
    public void save(UserRef ref, JsonNode permissions, String password, boolean creating, Runnable done) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        context.background().run("Saving user " + ref.label(), () -> {
            Versioned<ObjectNode> existing = api.user(group, ref);
            if (creating && existing != null) {
                throw new IOException("User " + ref.label() + " already exists in " + group
                        + ". Choose another name, or edit that user.");
            }
            ObjectNode def = existing == null ? JsonNodeFactory.instance.objectNode() : existing.value();
            def.set("permissions", permissions);
            api.putUser(group, ref, def, existing == null ? null : existing.etag());
            if (password != null && !password.isEmpty()) {
                api.setPassword(group, ref, password);
            }
            return null;
        }, x -> {
            done.run();
            refresh();
        });
    }

    public void setPassword(UserRef ref, String password) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        context.background().run("Setting the password of " + ref.label(), () -> {
            api.setPassword(group, ref, password);
            return null;
        }, x -> context.background().say("Password of " + ref.label() + " set."));
    }

    public void delete(UserRef ref) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        context.background().run("Deleting user " + ref.label(), () -> {
            api.deleteUser(group, ref);
            return null;
        }, x -> refresh());
    }
}
