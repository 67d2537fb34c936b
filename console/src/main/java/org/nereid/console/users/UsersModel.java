package org.nereid.console.users;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.UserRef;
import org.nereid.admin.Versioned;
import org.nereid.console.ConsoleContext;
import org.nereid.console.server.JsonFields;

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
        context.listInGroup("Listing users of ", rows, UsersModel::list, (group, e) -> { });
    }

    private static List<UserRow> list(AdminClient api, String group) throws IOException {
        List<UserRow> out = new ArrayList<>();
        for (String name : api.listUsers(group).stream().sorted().toList()) {
            UserRef ref = UserRef.named(name);
            Versioned<ObjectNode> u = user(api, group, ref);
            out.add(new UserRow(ref, u == null ? "" : UserPermissions.text(u.value().get("permissions"))));
        }
        for (UserRef special : List.of(UserRef.wildcardUser(), UserRef.named(""))) {
            Versioned<ObjectNode> u = user(api, group, special);
            if (u != null) {
                out.add(new UserRow(special, UserPermissions.text(u.value().get("permissions"))));
            }
        }
        return out;
    }

    /** The user's definition, or null if there is none (the wildcard and empty users often are not). */
    private static Versioned<ObjectNode> user(AdminClient api, String group, UserRef ref) throws IOException {
        try {
            return JsonFields.tree(api.getUserFields(group, ref));
        } catch (AdminException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Creates or updates a user with {@code permissions}, then sets the password if one was
     * typed (the server hashes it).
     */
    public void save(UserRef ref, JsonNode permissions, String password, boolean creating, Runnable done) {
        AdminClient api = context.requireApi();
        String group = context.requireGroup();
        context.background().run("Saving user " + UserRow.label(ref), () -> {
            Versioned<ObjectNode> existing = user(api, group, ref);
            if (creating && existing != null) {
                throw new IOException("User " + UserRow.label(ref) + " already exists in " + group
                        + ". Choose another name, or edit that user.");
            }
            ObjectNode def = existing == null ? JsonNodeFactory.instance.objectNode() : existing.value();
            def.set("permissions", permissions);
            if (existing == null) {
                api.createUser(group, ref, def);
            } else {
                api.updateUser(group, ref, def, existing.etag());
            }
            if (password != null && !password.isEmpty()) {
                api.setPasswordHashedByServer(group, ref, password);
            }
            return null;
        }, x -> {
            done.run();
            refresh();
        });
    }

    public void setPassword(UserRef ref, String password) {
        AdminClient api = context.requireApi();
        String group = context.requireGroup();
        context.background().run("Setting the password of " + UserRow.label(ref), () -> {
            api.setPasswordHashedByServer(group, ref, password);
            return null;
        }, x -> context.background().say("Password of " + UserRow.label(ref) + " set."));
    }

    public void delete(UserRef ref) {
        AdminClient api = context.requireApi();
        String group = context.requireGroup();
        context.background().run("Deleting user " + UserRow.label(ref), () -> {
            api.deleteUser(group, ref);
            return null;
        }, x -> refresh());
    }
}
