package org.nereid.invite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.nereid.model.GroupDescription;
import org.nereid.model.Rfc3339;
import org.nereid.model.StatefulToken;

/**
 * What the invitation page shows of a token ({@code GET /invitation/ID}): the group's
 * display name and description, the kind, who invited, the validity, the use count and
 * the state. Absent values are JSON null, times RFC 3339 as Galène writes them.
 */
final class InvitationView {
    private InvitationView() {
    }

    /** @param group the description of the token's group, or null when it has no file */
    static ObjectNode of(StatefulToken t, GroupDescription group, Instant now) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("token", t.token());
        o.put("group", t.group());
        o.put("displayName", group == null || group.displayName().isEmpty() ? null : group.displayName());
        o.put("description", group == null || group.description().isEmpty() ? null : group.description());
        o.put("kind", t.kind().jsonName());
        o.put("username", t.username());
        ArrayNode permissions = o.putArray("permissions");
        t.permissionList().forEach(permissions::add);
        o.put("issuedBy", t.issuedBy());
        o.put("expires", time(t.expires()));
        o.put("not-before", time(t.notBefore()));
        o.put("max-uses", t.maxUses());
        o.put("uses", t.uses());
        o.put("remaining", t.remainingUses());
        o.put("state", t.stateAt(now).jsonName());
        return o;
    }

    /** The answer for a token that does not exist. */
    static ObjectNode unknown() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("state", "unknown");
        o.put("error", "This invitation is not known here: it was mistyped, or deleted after it ended."
                + " Ask whoever sent it for a new one.");
        return o;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : Rfc3339.format(t);
    }
}
