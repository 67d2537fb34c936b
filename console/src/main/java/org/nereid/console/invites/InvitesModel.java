package org.nereid.console.invites;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.console.ConsoleContext;
import org.nereid.console.TimeText;
import org.nereid.console.server.AdminApi;
import org.nereid.console.server.Versioned;

/** Invitations (stateful tokens) of the selected group: list, mint, extend, revoke, link. */
public final class InvitesModel {
    private final ConsoleContext context;
    private final Clock clock;
    private final ObservableList<Invitation> rows = FXCollections.observableArrayList();

    public InvitesModel(ConsoleContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    public ObservableList<Invitation> rows() {
        return rows;
    }

    public Instant now() {
        return clock.instant();
    }

    public void refresh() {
        AdminApi api = context.api().get();
        String group = context.group().get();
        if (api == null || group == null) {
            rows.clear();
            return;
        }
        context.background().run("Listing invitations to " + group, () -> {
            List<Invitation> out = new ArrayList<>();
            for (String t : api.tokens(group)) {
                out.add(Invitation.of(t, api.token(group, t).value()));
            }
            out.sort(Comparator.comparing(Invitation::issuedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .reversed());
            return out;
        }, rows::setAll);
    }

    /** The link that joins the group with this invitation. */
    public static URI link(AdminApi api, String group, String token) {
        return URI.create(api.groupPage(group) + "?token=" + token);
    }

    public URI link(Invitation i) {
        return link(context.requireApi(), context.requireGroup(), i.token());
    }

    /** Mints an invitation; {@code done} gets its link. */
    public void mint(Invitation spec, Consumer<URI> done) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        String issuer = api.credentials().isToken() ? null : api.credentials().username();
        Invitation stamped = new Invitation(null, spec.username(), spec.permissions(), spec.expires(),
                spec.notBefore(), now(), issuer, spec.includeSubgroups());
        context.background().run("Creating an invitation to " + group,
                () -> link(api, group, api.createToken(group, stamped.toJson())), uri -> {
                    done.accept(uri);
                    refresh();
                });
    }

    /** Moves the expiry to {@code until} (which also un-revokes). */
    public void extend(Invitation i, Instant until) {
        changeExpiry(i, until, "Extending the invitation");
    }

    public void revoke(Invitation i) {
        changeExpiry(i, Invitation.revokedExpiry(i.issuedAt(), now()), "Revoking the invitation");
    }

    private void changeExpiry(Invitation i, Instant expires, String what) {
        AdminApi api = context.requireApi();
        String group = context.requireGroup();
        context.background().run(what, () -> {
            update(api, group, i.token(), expires);
            return null;
        }, x -> refresh());
    }

    private static void update(AdminApi api, String group, String token, Instant expires) throws IOException {
        Versioned<ObjectNode> current = api.token(group, token);
        ObjectNode v = current.value();
        v.remove(List.of("token", "group"));
        v.put("expires", TimeText.rfc3339(expires));
        api.updateToken(group, token, v, current.etag());
    }
}
