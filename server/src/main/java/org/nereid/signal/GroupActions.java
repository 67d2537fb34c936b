package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.group.GroupRegistry;
import org.nereid.group.LiveGroup;
import org.nereid.group.MemberInfo;
import org.nereid.group.Permission;
import org.nereid.model.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "groupaction": what an operator does to the whole group (clearchat,
 * lock, unlock, subgroups, setdata), recording, and tokens. Who may do what
 * follows Galène.
 */
final class GroupActions {

    private static final Logger log = LoggerFactory.getLogger(GroupActions.class);

    private GroupActions() {
    }

    static void handle(ClientSession s, Message m) {
        LiveGroup g = s.group();
        if (g == null) {
            s.error("Join a group first.");
            return;
        }
        MemberInfo me = s.info();
        String kind = m.kind() == null ? "" : m.kind();
        switch (kind) {
            case "clearchat" -> {
                if (requireOp(s)) {
                    clearChat(s, g, m.value());
                }
            }
            case "lock", "unlock" -> {
                if (requireOp(s)) {
                    String message = m.value() != null && m.value().isTextual() ? m.value().textValue() : "";
                    log.info("group {}: {} by {}", g.name(), kind, me.username());
                    s.audit(kind, null, AuditEntry.OK, message.isEmpty() ? null : message);
                    g.setLocked(kind.equals("lock"), message);
                }
            }
            case "record", "unrecord" -> {
                if (!me.has(Permission.RECORD)) {
                    s.error("You are not allowed to record this group.");
                    s.audit(kind, null, AuditEntry.REFUSED, "no record permission");
                } else if (kind.equals("record")) {
                    s.audit(kind, null, AuditEntry.OK, null);
                    s.service().recordings().start(s, g);
                } else {
                    s.audit(kind, null, AuditEntry.OK, null);
                    s.service().recordings().stop(s, g);
                }
            }
            case "subgroups" -> {
                if (requireOp(s)) {
                    subgroups(s, g);
                }
            }
            case "setdata" -> {
                if (requireOp(s)) {
                    if (m.value() == null || !m.value().isObject()) {
                        s.error("The value of setdata must be a JSON object.");
                    } else {
                        g.updateData((ObjectNode) m.value());
                    }
                }
            }
            case "maketoken", "edittoken", "listtokens" -> Tokens.handle(s, g, kind, m.value());
            default -> s.error("The server does not know the group action \"" + kind + "\".");
        }
    }

    private static boolean requireOp(ClientSession s) {
        if (!s.info().isOp()) {
            s.error("You are not allowed to do that: only operators may act on the group.");
            s.audit("group-action", null, AuditEntry.REFUSED, "not an operator");
            return false;
        }
        return true;
    }

    private static void clearChat(ClientSession s, LiveGroup g, JsonNode value) {
        String id = null;
        String userId = null;
        if (value != null) {
            if (!value.isObject()) {
                s.error("The value of clearchat must be a JSON object with \"id\" and \"userId\".");
                return;
            }
            id = text(value.get("id"));
            userId = text(value.get("userId"));
            if (userId == null && id != null) {
                s.error("To clear one message, give both its \"id\" and its sender's \"userId\".");
                return;
            }
        }
        s.audit("clearchat", id == null ? null : "message " + id, AuditEntry.OK, null);
        g.clearChat(id, userId);
        g.broadcast(MessageCodec.write(Message.of("usermessage").kind("clearchat").privileged(true)
                .value(value).build()), null);
    }

    private static void subgroups(ClientSession s, LiveGroup g) {
        StringBuilder text = new StringBuilder();
        for (GroupRegistry.SubgroupCount sg : s.service().groups().subgroups(g.name())) {
            text.append(sg.name()).append(" (").append(sg.clients())
                    .append(sg.clients() > 1 ? " clients)\n" : " client)\n");
        }
        s.send(Message.of("chat").dest(s.id()).username("Server")
                .time(ClientSession.timestamp(s.service().clock().instant())).value(text.toString()).build());
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }
}
