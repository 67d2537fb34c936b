package org.nereid.console.groups;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.admin.AdminClient;
import org.nereid.admin.AdminException;
import org.nereid.admin.Versioned;
import org.nereid.console.ConsoleContext;
import org.nereid.console.server.JsonFields;

/** Lists groups with their client counts; loads, creates, saves and deletes group descriptions. */
public final class GroupsModel {
    private final ConsoleContext context;
    private final ObservableList<GroupRow> rows = FXCollections.observableArrayList();

    public GroupsModel(ConsoleContext context) {
        this.context = context;
    }

    public ObservableList<GroupRow> rows() {
        return rows;
    }

    public void refresh() {
        AdminClient api = context.api().get();
        if (api == null) {
            rows.clear();
            return;
        }
        context.background().run("Listing groups", () -> rows(api.listGroups(), api.stats()), list -> {
            rows.setAll(list);
            List<String> names = list.stream().map(GroupRow::name).toList();
            if (!names.equals(context.groups())) {
                String keep = context.group().get();
                context.groups().setAll(names);
                context.group().set(keep != null && names.contains(keep) ? keep : names.isEmpty() ? null : names.get(0));
            }
        });
    }

    /** Joins the group list with the clients counted in the statistics. */
    static List<GroupRow> rows(List<String> names, JsonNode stats) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode g : stats) {
            counts.put(g.path("name").asText(), g.path("clients").size());
        }
        return names.stream().sorted().map(n -> new GroupRow(n, counts.getOrDefault(n, 0))).toList();
    }

    public void load(String name, Consumer<Versioned<ObjectNode>> done) {
        AdminClient api = context.requireApi();
        context.background().run("Reading group " + name, () -> JsonFields.tree(api.getGroupFields(name)), done);
    }

    /**
     * Creates ({@code etag == null}) or updates a group, then sets or keeps its keys.
     * {@code conflict} is told when someone else changed the group meanwhile.
     */
    public void save(GroupForm form, String etag, Runnable saved, Consumer<AdminException> conflict) {
        AdminClient api = context.requireApi();
        String name = form.name.get().strip();
        ObjectNode json = form.toJson();
        List<Map<String, Object>> keys = form.hasKeys() ? form.keys() : null;
        context.background().run("Saving group " + name, () -> {
            if (etag == null) {
                api.createGroup(name, json);
            } else {
                api.updateGroup(name, json, etag);
            }
            if (keys != null) {
                api.setKeys(name, keys);
            }
            return null;
        }, x -> {
            saved.run();
            refresh();
        }, e -> {
            if (e instanceof AdminException a && a.status() == 412) {
                conflict.accept(a);
            }
        });
    }

    /** Overwrites whatever is on the server with the operator's version (after a conflict). */
    public void overwrite(GroupForm form, Runnable saved) {
        AdminClient api = context.requireApi();
        String name = form.name.get().strip();
        context.background().run("Reading group " + name, () -> api.getGroupFields(name).etag(),
                etag -> save(form, etag, saved, e -> { }));
    }

    public void delete(String name) {
        AdminClient api = context.requireApi();
        context.background().run("Deleting group " + name, () -> {
            deleteCurrent(api, name);
            return null;
        }, x -> refresh());
    }

    private static void deleteCurrent(AdminClient api, String name) throws IOException {
        api.deleteGroup(name, api.getGroupFields(name).etag());
    }
}
