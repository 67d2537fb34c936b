package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.nereid.auth.TokenActions;
import org.nereid.group.LiveGroup;
import org.nereid.group.MemberInfo;
import org.nereid.model.AuditEntry;

/**
 * The token group actions (maketoken, edittoken, listtokens), answered as
 * Galène does with a privileged usermessage of kind "token" or "tokenlist".
 * The permission checks and the token rules live in {@link TokenActions}.
 */
final class Tokens {

    private Tokens() {
    }

    static void handle(ClientSession s, LiveGroup g, String kind, JsonNode value) {
        TokenActions actions = s.service().tokens();
        if (actions == null) {
            s.send(Message.of("usermessage").kind(kind.equals("listtokens") ? "tokenlist" : "token")
                    .privileged(true).error("error").value("Tokens are not available on this server.").build());
            return;
        }
        MemberInfo me = s.info();
        TokenActions.Requester who = new TokenActions.Requester(g.name(), me.username(), me.permissions());
        TokenActions.Reply reply = switch (kind) {
            case "maketoken" -> actions.make(who, value, g.rules()::hasUser);
            case "edittoken" -> actions.edit(who, value);
            default -> actions.list(who);
        };
        if (!kind.equals("listtokens")) {
            String token = reply.value() != null && reply.value().isObject() ? reply.value().path("token").asText(null)
                    : value != null && value.isObject() ? value.path("token").asText(null) : null;
            s.audit(kind.equals("maketoken") ? "token.mint" : "token.edit", token,
                    reply.error() == null ? AuditEntry.OK : AuditEntry.REFUSED,
                    reply.error() == null || reply.value() == null ? null : reply.value().asText());
        }
        s.send(Message.of("usermessage").kind(reply.kind()).privileged(true).error(reply.error())
                .value(reply.value()).build());
    }
}
