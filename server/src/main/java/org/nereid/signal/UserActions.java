package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.group.MemberInfo;
import org.nereid.group.Permission;
import org.nereid.model.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "useraction": an operator acting on a member (op, unop, present,
 * unpresent, shutup, unshutup, kick, identify), or a member setting its
 * own data. Who may do what follows Galène.
 */
final class UserActions {

    private static final Logger log = LoggerFactory.getLogger(UserActions.class);

    private UserActions() {
    }

    static void handle(ClientSession s, Message m) {
        LiveGroup g = s.group();
        if (g == null) {
            s.error("Join a group first.");
            return;
        }
        String kind = m.kind() == null ? "" : m.kind();
        switch (kind) {
            case "op", "unop", "present", "unpresent", "shutup", "unshutup" -> {
                Optional<ClientSession> target = target(s, g, m);
                target.ifPresent(t -> {
                    log.info("group {}: {} does {} on {}", g.name(), s.info().username(), kind, t.info().username());
                    s.audit(kind, nameOf(t), AuditEntry.OK, null);
                    t.execute(() -> changePermissions(t, kind));
                });
            }
            case "kick" -> {
                if (s.info().isOp() && g.member(m.dest()).orElse(null) instanceof GroupRecording r) {
                    // as in Galène, kicking the RECORDING client stops the recording
                    r.kick(s.id(), s.info().username(), "");
                    s.audit("kick", GroupRecording.USERNAME, AuditEntry.OK, null);
                    return;
                }
                Optional<ClientSession> target = target(s, g, m);
                String message = m.value() != null && m.value().isTextual() ? m.value().textValue() : "";
                target.ifPresent(t -> {
                    s.audit("kick", nameOf(t), AuditEntry.OK, message.isEmpty() ? null : message);
                    t.kick(s.id(), s.info().username(), message);
                });
            }
            case "identify" -> target(s, g, m).ifPresent(t -> {
                s.audit("identify", nameOf(t), AuditEntry.OK, null);
                identify(s, t);
            });
            case "setdata" -> setData(s, g, m);
            default -> s.error("The server does not know the user action \"" + kind + "\".");
        }
    }

    /** The member an operator acts upon, after checking that the sender is an operator. */
    private static Optional<ClientSession> target(ClientSession s, LiveGroup g, Message m) {
        if (!s.info().isOp()) {
            s.error("You are not allowed to do that: only operators may act on other users.");
            s.audit(m.kind(), m.dest(), AuditEntry.REFUSED, "not an operator");
            return Optional.empty();
        }
        Optional<Member> t = g.member(m.dest());
        if (t.isEmpty()) {
            s.error("There is no user " + m.dest() + " in this group.");
            return Optional.empty();
        }
        if (!(t.get() instanceof ClientSession cs)) {
            s.error("This is not a real user.");
            return Optional.empty();
        }
        return Optional.of(cs);
    }

    /** How the audit trail names a member: by name, or by id when it has none. */
    static String nameOf(ClientSession t) {
        return t.info().username().isEmpty() ? "id " + t.id() : t.info().username();
    }

    /** Runs on the target's executor: changes its permissions and tells everyone. */
    static void changePermissions(ClientSession t, String kind) {
        LiveGroup g = t.group();
        if (g == null) {
            return;
        }
        List<String> perms = new ArrayList<>(t.info().permissions());
        switch (kind) {
            case "op" -> {
                addNew(perms, Permission.OP);
                if (g.rules().allowRecording()) {
                    addNew(perms, Permission.RECORD);
                }
            }
            case "unop" -> {
                perms.remove(Permission.OP);
                perms.remove(Permission.RECORD);
            }
            case "present" -> addNew(perms, Permission.PRESENT);
            case "unpresent" -> perms.remove(Permission.PRESENT);
            case "shutup" -> perms.remove(Permission.MESSAGE);
            case "unshutup" -> addNew(perms, Permission.MESSAGE);
            default -> throw new IllegalArgumentException(kind);
        }
        t.setInfo(t.info().withPermissions(perms));
        g.memberChanged(t);
        if (!perms.contains(Permission.PRESENT)) {
            t.streams().presentRevoked();
        }
    }

    private static void identify(ClientSession s, ClientSession t) {
        ObjectNode value = MessageCodec.object();
        value.put("id", t.id());
        if (!t.info().username().isEmpty()) {
            value.put("username", t.info().username());
        }
        value.put("address", t.remoteAddress());
        t.execute(() -> t.warning("Your IP address has been communicated to user " + s.info().username() + "."));
        s.send(Message.of("usermessage").kind("userinfo").privileged(true).value(value).build());
    }

    private static void setData(ClientSession s, LiveGroup g, Message m) {
        if (!s.id().equals(m.dest())) {
            s.error("You may only set your own data.");
            return;
        }
        if (m.value() == null || !m.value().isObject()) {
            s.error("The value of setdata must be a JSON object.");
            return;
        }
        MemberInfo me = s.info();
        ObjectNode data = me.data() == null ? MessageCodec.object() : me.data().deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = m.value().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                data.remove(f.getKey());
            } else {
                data.set(f.getKey(), f.getValue());
            }
        }
        s.setInfo(me.withData(data));
        g.announce(s);
    }

    private static void addNew(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
