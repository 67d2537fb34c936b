package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nereid.auth.JoinDecision;
import org.nereid.model.AuditEntry;
import org.nereid.group.ChatEntry;
import org.nereid.group.GroupRules;
import org.nereid.group.LiveGroup;
import org.nereid.group.Member;
import org.nereid.group.MemberInfo;
import org.nereid.group.Permission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket client: handshake, liveness, the group it joined and what
 * it sends. Everything that touches its state runs on its own
 * {@link SerialExecutor}, in arrival order; other clients reach it only
 * through that executor or through its bounded {@link Outbox}.
 */
final class ClientSession implements Member, SignalConnection {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    static final String PROTOCOL_VERSION = "2";
    /** RFC 6455's close code "Service Restart": Nereid's page reconnects by itself (docs/web-client.md). */
    static final int SERVICE_RESTART = 1012;

    private final SignalService service;
    private final SignalTransport transport;
    private final Outbox outbox;
    private final SerialExecutor serial;
    private final RateLimiter rate;
    private final Streams streams;
    private volatile long lastHeardNanos;
    private volatile long lastRateWarningNanos;
    private volatile boolean gone;
    private volatile MemberInfo info = new MemberInfo("", List.of(), null);
    /** Set for a cluster's in-process client (a relay, a stand-in): who it joins as, without credentials; else null. */
    private final MemberInfo trusted;
    /** False for a cascade's relay between nodes: the others do not see it (docs/cluster.md). */
    private final boolean listed;
    /**
     * Whether this client's group is a mirror here (a cascade's helping node): the hosting node
     * then orders its chat, presence and moderation (docs/cluster.md), so the local group's own
     * "joined" and "user" events are not this client's.
     */
    private volatile boolean relayed;

    // confined to serial
    private String id = "";
    private boolean handshaken;
    private LiveGroup group;
    private JoinAuthoriser.Credentials credentials;
    private JoinDecision.Method joinedBy;
    private String rejoin;

    ClientSession(SignalService service, SignalTransport transport, MemberInfo trusted, boolean listed) {
        this.service = service;
        this.trusted = trusted;
        this.listed = listed;
        this.transport = transport;
        this.serial = new SerialExecutor(service.pool());
        this.outbox = new Outbox(transport, service.limits().outboxCapacity(), service.limits().outboxChars(),
                () -> serial.execute(() -> terminate(1008, "too slow: the client did not read its messages")));
        this.rate = new RateLimiter(service.limits().burst(), service.limits().perSecond(), System.nanoTime());
        this.streams = new Streams(this, service.media());
        this.lastHeardNanos = System.nanoTime();
    }

    // ---- from the web layer

    @Override
    public void onText(String text) {
        if (gone) {
            return;
        }
        long now = System.nanoTime();
        lastHeardNanos = now;
        int max = service.limits().maxMessageBytes();
        if (text.length() > max || (text.length() * 3L > max && utf8Length(text) > max)) {
            serial.execute(() -> error("Your message was not delivered: it is larger than " + max
                    + " bytes. Send something smaller."));
            return;
        }
        if (!rate.tryAcquire(now)) {
            if (now - lastRateWarningNanos > TimeUnit.SECONDS.toNanos(1)) {
                lastRateWarningNanos = now;
                serial.execute(() -> error("You are sending messages too fast; some were dropped. Slow down."));
            }
            return;
        }
        serial.execute(() -> handle(text));
    }

    @Override
    public void onClosed() {
        serial.execute(() -> terminate(1000, ""));
    }

    // ---- as a group member

    @Override
    public String id() {
        return id;
    }

    @Override
    public MemberInfo info() {
        return info;
    }

    @Override
    public boolean listed() {
        return listed;
    }

    @Override
    public void joined(LiveGroup g, String kind) {
        if (relayed && !"leave".equals(kind)) {
            return; // the hosting node's group says it, through fromHost
        }
        MemberInfo me = info;
        Message.Builder m = Message.of("joined").kind(kind).group(g.name()).username(me.username());
        if (!"leave".equals(kind)) {
            m.permissions(me.permissions()).status(status(g)).data(g.data())
                    .rtcConfiguration(service.rtcConfiguration());
        }
        if ("join".equals(kind)) {
            m.rejoin(rejoin);
        }
        send(m.build());
        if ("join".equals(kind)) {
            for (ChatEntry e : g.chatHistory()) {
                send(Message.of("chathistory").id(e.id()).source(e.source()).username(e.username())
                        .time(timestamp(e.time())).kind(e.kind()).value(e.value()).build());
            }
        }
    }

    @Override
    public void userEvent(String kind, String userId, MemberInfo user) {
        if (relayed) {
            return; // the hosting node's group says who is in the group
        }
        Message.Builder m = Message.of("user").kind(kind).id(userId).username(user.username());
        if (!"delete".equals(kind)) {
            m.permissions(user.permissions()).data(user.data());
        }
        send(m.build());
    }

    @Override
    public void deliver(String encodedMessage) {
        outbox.offer(encodedMessage);
    }

    @Override
    public void kick(String byId, String byUsername, String message) {
        leaveWith(byId, byUsername, message, 1000, "kicked");
    }

    /** As a kick by the server (Galène's client shows it so), closed with 1012 "Service Restart": come back. */
    @Override
    public void sendAway(String message) {
        leaveWith(null, null, message, SERVICE_RESTART, "join again");
    }

    private void leaveWith(String byId, String byUsername, String message, int code, String reason) {
        serial.execute(() -> {
            if (gone) {
                return;
            }
            send(Message.of("usermessage").kind("kicked").id(byId).username(byUsername).dest(id)
                    .privileged(true).value(message == null || message.isEmpty()
                            ? "you have been kicked out" : message).build());
            log.info("group {}: {} ({}) {}: {}", groupName(), info.username(), id,
                    code == SERVICE_RESTART ? "sent away" : "kicked", message);
            terminate(code, reason);
        });
    }

    // ---- used by the handlers, on serial

    SignalService service() {
        return service;
    }

    Streams streams() {
        return streams;
    }

    LiveGroup group() {
        return group;
    }

    String groupName() {
        return group == null ? "-" : group.name();
    }

    String remoteAddress() {
        return transport.remoteAddress();
    }

    /** The other cluster node this in-process client speaks for; null for a socket. */
    String node() {
        return transport.node();
    }

    void execute(Runnable task) {
        serial.execute(() -> {
            if (!gone) {
                task.run();
            }
        });
    }

    void send(Message m) {
        outbox.offer(MessageCodec.write(m));
    }

    /** Galène's unsolicited error: a usermessage of kind error addressed to this client. */
    void error(String sentence) {
        send(Message.of("usermessage").kind("error").dest(id).privileged(true).value(sentence).build());
    }

    void warning(String sentence) {
        send(Message.of("usermessage").kind("warning").dest(id).privileged(true).value(sentence).build());
    }

    /** Who this in-process relay client joins as (docs/cluster.md); null for every socket. */
    MemberInfo trusted() {
        return trusted;
    }

    void setInfo(MemberInfo newInfo) {
        info = newInfo;
    }

    /** Entered {@code g} with these credentials, so admitted (kept to re-evaluate when the group file changes). */
    void entered(LiveGroup g, JoinAuthoriser.Credentials creds, JoinDecision.Method method) {
        group = g;
        credentials = creds;
        joinedBy = method;
        if (relayed) {
            service.hostLink().joined(g.name(), id, info);
        }
    }

    /**
     * The rejoin credential this client's "joined" will carry (docs/protocol.md), or null; set
     * before the group admits it. It comes from this node, which decided the join, also when a
     * cascade's hosting node writes the "joined".
     */
    void rejoinWith(String credential) {
        rejoin = credential;
    }

    /** About to join a group that is (or is not) a mirror here; set before the group admits it. */
    void joiningMirror(boolean mirror) {
        relayed = mirror && trusted == null && service.hostLink() != null;
    }

    /** Whether the hosting node of a cascade orders this client's group (docs/cluster.md). */
    boolean relayed() {
        return relayed;
    }

    /**
     * The hosting node closed this client's stand-in (a kick, a deleted group, the host
     * stopping), so this client goes too, with the host's code when it asks the page to come
     * back (1012, the host sending its members away), else 1000.
     */
    void hostClosed(String groupName, int code) {
        if (relayed && group != null && group.name().equals(groupName)) {
            terminate(code == SERVICE_RESTART ? SERVICE_RESTART : 1000,
                    "the server that hosts the group closed the connection");
        }
    }

    /**
     * What this client's stand-in at the hosting node was told by the group there. Its "joined"
     * carries this node's ICE servers, since the media stay here; its permissions become this
     * client's here.
     */
    void fromHost(String groupName, String text) {
        if (!relayed || group == null || !group.name().equals(groupName)) {
            return;
        }
        Message m;
        try {
            m = MessageCodec.parse(text);
        } catch (BadMessageException e) {
            return; // the host's signalling writes only what it parses
        }
        if (!"joined".equals(m.type())) {
            outbox.offer(text);
        } else if ("fail".equals(m.kind())) {
            outbox.offer(text);
            leaveGroup();
        } else if (!"leave".equals(m.kind())) { // this node says "leave" when the client leaves here
            if (m.permissions() != null) {
                info = info.withPermissions(m.permissions());
            }
            send(m.toBuilder().rtcConfiguration(service.rtcConfiguration())
                    .rejoin("join".equals(m.kind()) ? rejoin : null).build());
            if (!info.has(Permission.PRESENT)) {
                streams.presentRevoked(); // what it publishes here is relayed to the host: it stops here
            }
        }
    }

    /**
     * Records in the audit trail what this client did in its group; the actor is this client
     * as it is now (a member by name, or a guest while it has not joined).
     */
    void audit(String action, String target, String outcome, String reason) {
        audit(group == null ? null : group.name(), action, target, outcome, reason);
    }

    void audit(String groupName, String action, String target, String outcome, String reason) {
        String kind = group == null ? "guest" : joinedBy == JoinDecision.Method.STATEFUL_TOKEN
                || joinedBy == JoinDecision.Method.JWT || joinedBy == JoinDecision.Method.REJOIN ? "token" : "user";
        String name = info.username().isEmpty() ? null : info.username();
        String address = remoteAddress();
        int port = address == null ? -1 : address.lastIndexOf(':');
        service.audit().record(AuditEntry.of(service.clock().instant(), new AuditEntry.Actor(kind, name,
                port < 0 ? address : address.substring(0, port)), action, groupName, target, outcome, reason));
    }

    JoinAuthoriser.Credentials credentials() {
        return credentials;
    }

    /** Leaves the current group, if any: streams close, the others hear of it. */
    void leaveGroup() {
        if (group == null) {
            return;
        }
        streams.leave();
        LiveGroup g = group;
        group = null;
        credentials = null;
        rejoin = null;
        g.remove(this);
        if (relayed) {
            relayed = false;
            service.hostLink().left(g.name(), id);
        }
        service.recordings().memberLeft(g);
        info = new MemberInfo("", List.of(), null);
    }

    JsonNode status(LiveGroup g) {
        GroupRules rules = g.rules();
        ObjectNode s = MessageCodec.object();
        s.put("name", g.name());
        putIfSet(s, "displayName", rules.displayName());
        putIfSet(s, "description", rules.description());
        putIfSet(s, "authServer", rules.authServer());
        putIfSet(s, "authPortal", rules.authPortal());
        if (g.isLocked()) {
            s.put("locked", true);
        }
        s.put("clientCount", g.clientCount());
        if (service.passwordsChangeable()) {
            s.put("canChangePassword", true);
        }
        if (rules.allowUserInvites()) {
            s.put("allowUserInvites", true); // Nereid's: members who present may send registration links
        }
        return s;
    }

    static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The group file changed: asks the authoriser again with the credentials
     * given at join and applies the answer (a user whose entry stays keeps their
     * seat even if its password changed). Token holders keep what they were
     * granted, since tokens are checked at join only (as in Galène).
     */
    void reauthorise() {
        if (group == null || credentials == null || credentials.hasToken() || group.isClosed()) {
            // a closed group has queued its own farewell to every member, which says why
            return;
        }
        JoinDecision d = service.authoriser().recheck(group.name(), credentials, joinedBy);
        if (d instanceof JoinDecision.Refused r) {
            if (r.message().equals(Signalling.NO_SUCH_GROUP)) {
                return; // the file is gone: the directory's removal ends the group, with its own farewell
            }
            kick(null, null, "You are no longer allowed in this group (" + r.message() + ").");
            return;
        }
        List<String> perms = ((JoinDecision.Granted) d).permissions();
        if (!perms.equals(info.permissions())) {
            info = info.withPermissions(perms);
            group.memberChanged(this);
            if (!info.has(Permission.PRESENT)) {
                streams.presentRevoked();
            }
        }
    }

    /** Called by the service's liveness timer, from any thread. */
    void checkLiveness(long nowNanos) {
        if (gone) {
            return;
        }
        long silent = nowNanos - lastHeardNanos;
        if (silent > service.limits().deadAfter().toNanos()) {
            serial.execute(() -> {
                log.info("group {}: {} ({}) stopped answering, dropped", groupName(), info.username(), id);
                terminate(1001, "the client stopped answering pings");
            });
        } else if (silent > service.limits().pingAfter().toNanos()) {
            serial.execute(() -> {
                if (handshaken && !gone) {
                    send(Message.of("ping").build());
                }
            });
        }
    }

    /** Leaves everything and closes the socket once queued messages are written. Idempotent. */
    void terminate(int code, String reason) {
        if (gone) {
            return;
        }
        gone = true;
        try {
            leaveGroup();
            streams.close();
        } finally {
            // whatever leaving met, the socket closes with the code asked for: 1012 brings the page back
            service.forget(this);
            outbox.closeAfterFlush(code, reason);
        }
    }

    // ---- inbound

    private void handle(String text) {
        if (gone) {
            return;
        }
        Message m;
        try {
            m = MessageCodec.parse(text);
        } catch (BadMessageException e) {
            if (!handshaken) {
                terminate(1002, "you must handshake first");
            } else {
                error(e.getMessage());
            }
            return;
        }
        if (!handshaken) {
            handshake(m);
            return;
        }
        try {
            Dispatcher.dispatch(this, m);
        } catch (Exception e) {
            // a library may throw checked exceptions undeclared (Kotlin): the client still gets an answer
            log.error("group {}: {} ({}): failed to handle {}", groupName(), info.username(), id, m.type(), e);
            error("The server failed to handle your " + m.type() + " message; please try again.");
        }
    }

    private void handshake(Message m) {
        if (!"handshake".equals(m.type())) {
            terminate(1002, "you must handshake first");
            return;
        }
        List<String> versions = m.version() == null ? List.of() : m.version();
        if (!versions.contains(PROTOCOL_VERSION)) {
            send(Message.of("handshake").version(List.of(PROTOCOL_VERSION)).build());
            error("This client speaks protocol version " + versions + " but this server speaks version "
                    + PROTOCOL_VERSION + ". Reload the page or upgrade the client.");
            terminate(1002, "unsupported protocol version");
            return;
        }
        id = m.id() == null ? "" : m.id();
        handshaken = true;
        send(Message.of("handshake").version(List.of(PROTOCOL_VERSION)).build());
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(name, value);
        }
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
