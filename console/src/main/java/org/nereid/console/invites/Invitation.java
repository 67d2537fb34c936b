package org.nereid.console.invites;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.console.TimeText;

/**
 * A stateful token (an invitation) as the admin API shows it.
 *
 * <p>Galène has no "revoked" flag: revoking sets the expiry in the past. The console revokes
 * by setting the expiry to the issue time, which no real expiry can be, so it can tell a
 * revoked invitation from one that simply ran out.
 */
public record Invitation(String token, String username, List<String> permissions, Instant expires,
        Instant notBefore, Instant issuedAt, String issuedBy, boolean includeSubgroups) {

    public enum Status {
        VALID("valid"), EXPIRED("expired"), REVOKED("revoked"), NOT_YET_VALID("not yet valid");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public Status status(Instant now) {
        if (expires != null && issuedAt != null && !expires.isAfter(issuedAt)) {
            return Status.REVOKED;
        }
        if (expires != null && !now.isBefore(expires)) {
            return Status.EXPIRED;
        }
        if (notBefore != null && now.isBefore(notBefore)) {
            return Status.NOT_YET_VALID;
        }
        return Status.VALID;
    }

    public String who() {
        return username == null ? "(anyone; they choose a name)" : username.isEmpty() ? "(empty name)" : username;
    }

    public static Invitation of(String token, ObjectNode json) {
        List<String> perms = new ArrayList<>();
        json.path("permissions").forEach(p -> perms.add(p.asText()));
        return new Invitation(token, json.hasNonNull("username") ? json.get("username").asText() : null,
                List.copyOf(perms), TimeText.fromJson(json.path("expires").asText(null)),
                TimeText.fromJson(json.path("not-before").asText(null)),
                TimeText.fromJson(json.path("issuedAt").asText(null)),
                json.hasNonNull("issuedBy") ? json.get("issuedBy").asText() : null,
                json.path("includeSubgroups").asBoolean());
    }

    /** The JSON body that mints this invitation (the server chooses the token and the group). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (username != null) {
            o.put("username", username);
        }
        ArrayNode a = o.putArray("permissions");
        permissions.forEach(a::add);
        if (expires != null) {
            o.put("expires", TimeText.rfc3339(expires));
        }
        if (notBefore != null) {
            o.put("not-before", TimeText.rfc3339(notBefore));
        }
        if (issuedAt != null) {
            o.put("issuedAt", TimeText.rfc3339(issuedAt));
        }
        if (issuedBy != null) {
            o.put("issuedBy", issuedBy);
        }
        if (includeSubgroups) {
            o.put("includeSubgroups", true);
        }
        return o;
    }

    /** The expiry that marks a revoked invitation (see the class comment). */
    public static Instant revokedExpiry(Instant issuedAt, Instant now) {
        return issuedAt != null ? issuedAt : now.minusSeconds(60);
    }
}
