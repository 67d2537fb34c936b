package org.nereid.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.auth.FailedLogins;
import org.nereid.auth.JoinDecision;
import org.nereid.group.GroupRegistry;
import org.nereid.group.MemberInfo;
import org.nereid.logging.LogText;
import org.nereid.model.AuditEntry;
import org.nereid.model.GroupNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Joining and leaving a group ("join" of kind join or leave). */
final class JoinHandler {

    private static final Logger log = LoggerFactory.getLogger(JoinHandler.class);
    private JoinHandler() {
    }

    static void handle(ClientSession s, Message m) {
        if ("leave".equals(m.kind())) {
            if (s.group() == null || !s.group().name().equals(m.group())) {
                s.error("You are not in group " + m.group() + ", so you cannot leave it.");
                return;
            }
            s.leaveGroup();
            return;
        }
        if (!"join".equals(m.kind())) {
            s.error("A join message must be of kind \"join\" or \"leave\".");
            return;
        }
        if (s.group() != null) {
            s.error("You are already in group " + s.group().name() + "; leave it before joining another.");
            return;
        }
        String name = m.group() == null ? "" : m.group();
        if (name.length() > GroupNames.MAX_LENGTH || m.username() != null && m.username().length() > GroupNames.MAX_LENGTH) {
            // refused before anything logs or stores it: a megabyte name would only fill the disk
            fail(s, "", null, "names are limited to " + GroupNames.MAX_LENGTH + " characters");
            return;
        }
        if (s.id().isEmpty()) {
            fail(s, name, null, "your client sent no id in its handshake; reload the page");
            return;
        }
        GroupRegistry registry = s.service().groups();
        Optional<GroupRegistry.Resolved> resolved = registry.resolve(name);
        if (resolved.isEmpty()) {
            fail(s, name, null, "group does not exist");
            return;
        }
        if (s.trusted() != null) {
            joinTrusted(s, name, registry);
            return;
        }
        Optional<String> host = registry.hosts().hostedElsewhere(name);
        if (host.isPresent()) {
            // another node of the cluster hosts the group: both clients follow a redirect
            s.send(Message.of("joined").kind("redirect").group(name).username("").value(host.get()).build());
            return;
        }
        JoinAuthoriser.Credentials creds = new JoinAuthoriser.Credentials(m.username(), m.password(), m.token());
        JoinAuthoriser authoriser = s.service().authoriser();
        // only passwords are guessed; a token is too long to guess and its refusals say why
        boolean byPassword = m.token() == null && m.username() != null;
        FailedLogins failures = s.service().failedLogins();
        String address = address(s);
        long wait = byPassword ? failures.waitMillis(address, m.username()) : 0;
        if (wait > 0) {
            refuse(s, name, m, new JoinDecision.Refused(JoinDecision.NOT_AUTHORISED, "Too many wrong passwords from"
                    + " this address or for this user: try again in " + (wait + 999) / 1000 + " s."));
            return;
        }
        JoinDecision decision = authoriser.decide(name, creds);
        if (byPassword) {
            if (decision instanceof JoinDecision.Refused r && r.delaysReply()) {
                failures.failed(address, m.username());
            } else if (decision instanceof JoinDecision.Granted) {
                failures.succeeded(address, m.username());
            }
        }
        if (decision instanceof JoinDecision.Refused refused) {
            refuse(s, name, m, refused);
            return;
        }
        JoinDecision.Granted granted = (JoinDecision.Granted) decision;
        String redirect = resolved.get().rules().redirect();
        if (!redirect.isEmpty()) {
            s.send(Message.of("joined").kind("redirect").group(name).username(granted.username())
                    .value(redirect).build());
            return;
        }
        // the invitation's use is counted now, and given back if the group turns the client away
        if (authoriser.claimUse(granted) instanceof JoinDecision.Refused usedUp) {
            refuse(s, name, m, usedUp);
            return;
        }
        s.setInfo(new MemberInfo(granted.username(), granted.permissions(), (ObjectNode) m.data()));
        s.rejoinWith(authoriser.rejoinCredential(name, granted));
        s.joiningMirror(registry.hosts().mirrors(name));
        GroupRegistry.JoinResult result = registry.join(name, s);
        if (result.refusal() != null) {
            s.joiningMirror(false);
            s.rejoinWith(null);
            authoriser.returnUse(granted);
            s.setInfo(new MemberInfo("", List.of(), null));
            fail(s, name, null, result.refusal());
            return;
        }
        s.entered(result.group(), creds, granted.method());
        s.audit("join", granted.invitation() == null ? null : "token " + granted.invitation(), AuditEntry.OK,
                granted.invitation() == null ? null
                        : granted.countsUse() ? "used an invitation" : "came back with a rejoin credential");
        s.streams().joinedGroup();
    }

    /**
     * A cluster's relay client (docs/cluster.md) joins as its node made it: no credentials,
     * no placement (a helping node mirrors a group another node hosts), no invitation use.
     */
    private static void joinTrusted(ClientSession s, String name, GroupRegistry registry) {
        s.setInfo(s.trusted());
        GroupRegistry.JoinResult result = registry.join(name, s);
        if (result.refusal() != null) {
            s.setInfo(new MemberInfo("", List.of(), null));
            fail(s, name, null, result.refusal());
            return;
        }
        s.entered(result.group(), null, null);
        s.streams().joinedGroup();
    }

    private static void refuse(ClientSession s, String name, Message m, JoinDecision.Refused refused) {
        log.info("group {}: join refused for {} ({}): {}", LogText.of(name), LogText.of(m.username()), LogText.of(s.id()),
                LogText.of(refused.message()));
        s.audit(name, "login", m.username(), AuditEntry.REFUSED, refused.message());
        if (!refused.delaysReply()) {
            fail(s, name, refused.error(), refused.message());
            return;
        }
        // answered late, as Galène does, to slow down password guessing; no thread waits meanwhile
        s.service().scheduler().schedule(() -> s.execute(() -> {
            if (s.group() == null) {
                fail(s, name, refused.error(), refused.message());
            }
        }), JoinDecision.REFUSAL_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The client's IP address without its port: guessing from many ports is one guesser. */
    private static String address(ClientSession s) {
        String remote = s.remoteAddress();
        int colon = remote == null ? -1 : remote.lastIndexOf(':');
        return colon < 0 ? remote : remote.substring(0, colon);
    }

    private static void fail(ClientSession s, String group, String error, String message) {
        s.send(Message.of("joined").kind("fail").error(error).group(group).username("").value(message).build());
    }
}
