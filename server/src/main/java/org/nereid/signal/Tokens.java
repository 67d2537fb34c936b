package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import org.nereid.group.LiveGroup;
import org.nereid.group.MemberInfo;
import org.nereid.group.Permission;

/**
 * The token group actions. Galène answers them with a usermessage of kind
 * "token" (or "tokenlist") carrying either the result or an error
 * identifier and sentence; the permissions required are Galène's.
 */
final class Tokens {

    private Tokens() {
    }

    static void handle(ClientSession s, LiveGroup g, String kind, JsonNode value) {
        String replyKind = kind.equals("listtokens") ? "tokenlist" : "token";
        MemberInfo me = s.info();
        boolean allowed = kind.equals("maketoken")
                ? me.has(Permission.TOKEN)
                : me.has(Permission.OP) && me.has(Permission.TOKEN);
        if (!allowed) {
            reply(s, replyKind, "not-authorised", null, "not authorised");
            return;
        }
        TokenDesk desk = s.service().tokens();
        if (desk == null) {
            reply(s, replyKind, "error", null, "Tokens are not available on this server.");
            return;
        }
        try {
            JsonNode result = switch (kind) {
                case "maketoken" -> desk.make(g.name(), me.username(), me.permissions(), value);
                case "edittoken" -> desk.edit(g.name(), value);
                default -> desk.list(g.name());
            };
            reply(s, replyKind, null, result, null);
        } catch (TokenDesk.Refusal r) {
            reply(s, replyKind, r.error(), null, r.getMessage());
        }
    }

    private static void reply(ClientSession s, String kind, String error, JsonNode value, String message) {
        Message.Builder m = Message.of("usermessage").kind(kind).privileged(true).error(error);
        if (value != null) {
            m.value(value);
        } else {
            m.value(message);
        }
        s.send(m.build());
    }
}
