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

import org.nereid.admin.AdminClient;
import org.nereid.admin.Versioned;
import org.nereid.console.ConsoleContext;
import org.nereid.console.TimeText;
import org.nereid.console.server.JsonFields;
import org.nereid.model.StatefulToken;

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
        context.listInGroup("Listing invitations to ", rows, (api, group) -> {
            List<Invitation> out = new ArrayList<>();
            for (String t : api.listTokens(group)) {
                out.add(Invitation.of(t, JsonFields.tree(api.getTokenFields(group, t)).value()));
            }
            out.sort(Comparator.comparing(Invitation::issuedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .reversed());
            return out;
        }, (group, e) -> { });
    }

    /** The link that joins the group with this invitation. */
    public static URI link(AdminClient api, String group, String token) {
        return URI.create(api.groupPage(group) + "?token=" + token);
    }

    public URI link(Invitation i) {
        return link(context.requireApi(), context.requireGroup(), i.token());
    }

    /** A freshly minted invitation: its token (chosen by the server) and link. */
    public record Minted(String token, URI link) {
    }

    /** Mints an invitation; {@code done} gets its token and link. */
    public void mint(Invitation spec, Consumer<Minted> done) {
        AdminClient api = context.requireApi();
        String group = context.requireGroup();
        String issuer = api.username();
        Invitation stamped = new Invitation(null, spec.username(), spec.permissions(), spec.expires(),
                spec.notBefore(), now(), issuer, spec.includeSubgroups(), spec.kind(), spec.maxUses(), 0, false);
        context.background().run("Creating an invitation to " + group,
                () -> {
                    String token = api.createToken(group, stamped.toJson());
                    return new Minted(token, link(api, group, token));
                }, made -> {
                    done.accept(made);
                    refresh();
                });
    }

    /** Moves the expiry to {@code until} (which also un-revokes). */
    public void extend(Invitation i, Instant until) {
        changeExpiry(i, until, false, "Extending the invitation");
    }

    public void revoke(Invitation i) {
        changeExpiry(i, Invitation.revokedExpiry(i.issuedAt(), now()), true, "Revoking the invitation");
    }

    private void changeExpiry(Invitation i, Instant expires, boolean revoked, String what) {
        AdminClient api = context.requireApi();
        String group = context.requireGroup();
        context.background().run(what, () -> {
            update(api, group, i.token(), expires, revoked);
            return null;
        }, x -> refresh());
    }

    private static void update(AdminClient api, String group, String token, Instant expires, boolean revoked)
            throws IOException {
        Versioned<ObjectNode> current = JsonFields.tree(api.getTokenFields(group, token));
        ObjectNode v = current.value();
        v.remove(List.of("token", "group"));
        v.put("expires", TimeText.rfc3339(expires));
        if (revoked) {
            v.put(StatefulToken.REVOKED, true);
        } else {
            v.remove(StatefulToken.REVOKED);
        }
        api.updateToken(group, token, v, current.etag());
    }
}
