package org.nereid.console.invites;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nereid.console.TimeText;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenKind;
import org.nereid.model.TokenState;

/**
 * A stateful token (an invitation) as the admin API shows it, with Nereid's invitation
 * fields (common's {@link StatefulToken}: {@code kind}, {@code max-uses}, {@code uses},
 * {@code revoked}).
 *
 * <p>Galène has no "revoked" flag: revoking sets the expiry in the past. The console revokes
 * by setting the expiry to the issue time, which no real expiry can be, and the flag, so both
 * Nereid and the console can tell a revoked invitation from one that simply ran out, and a
 * Galène server still refuses it.
 */
public record Invitation(String token, String username, List<String> permissions, Instant expires,
        Instant notBefore, Instant issuedAt, String issuedBy, boolean includeSubgroups, TokenKind kind,
        Integer maxUses, int uses, boolean revoked) {

    /** A join invitation without a use limit, as Galène knows them. */
    public Invitation(String token, String username, List<String> permissions, Instant expires, Instant notBefore,
            Instant issuedAt, String issuedBy, boolean includeSubgroups) {
        this(token, username, permissions, expires, notBefore, issuedAt, issuedBy, includeSubgroups, TokenKind.JOIN,
                null, 0, false);
    }

    /** As the invitation page and common's {@link StatefulToken#stateAt} say it: the first that applies wins. */
    public TokenState status(Instant now) {
        if (revoked || expires != null && issuedAt != null && !expires.isAfter(issuedAt)) {
            return TokenState.REVOKED;
        }
        if (maxUses != null && uses >= maxUses) {
            return TokenState.USED_UP;
        }
        if (expires == null || !now.isBefore(expires)) {
            return TokenState.EXPIRED;
        }
        if (notBefore != null && now.isBefore(notBefore)) {
            return TokenState.NOT_YET_VALID;
        }
        return TokenState.VALID;
    }

    /** The status as the list shows it: "not yet valid", "used up". */
    public static String text(TokenState state) {
        return state.jsonName().replace('-', ' ');
    }

    /** Uses as the list shows them: "2 of 5", "2", or "" for an unused invitation without a limit. */
    public String usesText() {
        return maxUses != null ? uses + " of " + maxUses : uses > 0 ? String.valueOf(uses) : "";
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
                json.path("includeSubgroups").asBoolean(),
                TokenKind.of(json.path(StatefulToken.KIND).asText(TokenKind.JOIN.jsonName())),
                json.hasNonNull(StatefulToken.MAX_USES) ? json.get(StatefulToken.MAX_USES).asInt() : null,
                json.path(StatefulToken.USES).asInt(0), json.path(StatefulToken.REVOKED).asBoolean(false));
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
        if (kind != TokenKind.JOIN) {
            o.put(StatefulToken.KIND, kind.jsonName());
        }
        if (maxUses != null) {
            o.put(StatefulToken.MAX_USES, maxUses);
        }
        return o;
    }

    /** The expiry that marks a revoked invitation (see the class comment). */
    public static Instant revokedExpiry(Instant issuedAt, Instant now) {
        return issuedAt != null ? issuedAt : now.minusSeconds(60);
    }
}
