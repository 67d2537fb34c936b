package org.nereid.signal;

import org.nereid.group.ChatEntry;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.group.MemberInfo;
import org.nereid.group.Permission;
import org.nereid.model.AuditEntry;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Chat and user messages: broadcast or to one member (dest), relayed with
 * the sender's real id, username and privilege and the server's time.
 * Broadcast chat is kept in the group's history; user messages never are.
 */
final class ChatHandler {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ChatHandler() {
    }

    static void handle(ClientSession s, Message m) {
        LiveGroup g = s.group();
        if (g == null) {
            s.error("Join a group first.");
            return;
        }
        boolean chat = "chat".equals(m.type());
        MemberInfo me = s.info();
        String required = chat && "caption".equals(m.kind()) ? Permission.CAPTION : Permission.MESSAGE;
        if (!me.has(required)) {
            s.error("You are not allowed to send " + (required.equals(Permission.CAPTION) ? "captions" : "messages")
                    + " in this group.");
            return;
        }
        boolean toEveryone = m.dest() == null || m.dest().isEmpty();
        String id = m.id();
        if (chat && toEveryone && (id == null || id.isEmpty())) {
            id = randomId();
        }
        Instant now = s.service().clock().instant();
        Message out = Message.of(m.type()).id(id).source(s.id()).dest(m.dest()).username(me.username())
                .privileged(me.isOp()).time(ClientSession.timestamp(now)).kind(m.kind())
                .noecho(m.noecho()).value(m.value()).build();
        String encoded = MessageCodec.write(out);
        if (toEveryone) {
            Member except = m.noecho() ? s : null;
            if (chat) {
                g.broadcastChat(new ChatEntry(id, s.id(), me.username(), now, m.kind(), m.value()), encoded, except);
            } else {
                g.broadcast(encoded, except);
            }
            return;
        }
        Optional<Member> dest = g.member(m.dest());
        if (dest.isEmpty()) {
            s.error("There is no user " + m.dest() + " in this group; your message was not delivered.");
            return;
        }
        dest.get().deliver(encoded);
        if (!chat && me.isOp() && ("mute".equals(m.kind()) || "warning".equals(m.kind()))) {
            String target = dest.get() instanceof ClientSession t ? UserActions.nameOf(t) : m.dest();
            s.audit(m.kind().equals("mute") ? "mute" : "warn", target, AuditEntry.OK,
                    m.value() != null && m.value().isTextual() ? m.value().textValue() : null);
        }
    }

    static String randomId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
